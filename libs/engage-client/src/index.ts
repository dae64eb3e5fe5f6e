export { type EngageAgentChannelStatus, type EngageAgentStatus } from './dto/agent-status.dto';
export { type EngageCategory } from './dto/category.dto';
export { type EngageChannel } from './dto/channel.dto';
export {
  type CreateContentRequest,
  type EngageContent,
  type EngageContentAttachment,
} from './dto/content.dto';
export { type EngageIdentity } from './dto/identity.dto';
export {
  type CreateInterventionCommentRequest,
  type EngageInterventionComment,
} from './dto/intervention-comment.dto';
export { type EngageIntervention, type ListInterventionsFilter } from './dto/intervention.dto';
export { type EngagePage, type PageRequest } from './dto/page.dto';
export { type EngageSource } from './dto/source.dto';
export { type EngageThread } from './dto/thread.dto';
export { type EngageUser, type ListUsersFilter } from './dto/user.dto';
export { EngageApiError, EngageApiErrorCode, type EngageErrorBody } from './engage-api.exception';
export { EngageClientEnv, engageClientOptionsFrom, quotaOptionsFrom } from './engage-client.env';
export { EngageClientModule, type EngageClientModuleAsyncOptions } from './engage-client.module';
export { type EngageAuthMode, type EngageClientOptions } from './engage-client.options';
export { EngageClient } from './engage.client';
export { type AppAndEngageConfig, loadAppAndEngageConfig } from './engage-client.config';
