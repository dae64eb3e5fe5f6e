import { ContentsModel } from './contents.model';
import { IdentitiesModel } from './identities.model';
import { InterventionCommentsModel } from './intervention-comments.model';
import { InterventionsModel } from './interventions.model';
import { PlatformContext, type PlatformOptions } from './platform-context';
import { type PlatformSeed } from './platform-seed';
import { PlatformState } from './platform-state';
import { type Clock, type IdGenerator } from './platform.types';
import { PresenceModel } from './presence.model';
import { SourcesModel } from './sources.model';
import { ThreadsModel } from './threads.model';

export { type PlatformOptions } from './platform-context';

/** An in-memory RCED platform: the rules of the REST API 1.0, with no HTTP and no Nest. */
export class EngagePlatform {
  readonly state: PlatformState;
  readonly identities: IdentitiesModel;
  readonly threads: ThreadsModel;
  readonly interventions: InterventionsModel;
  readonly contents: ContentsModel;
  readonly comments: InterventionCommentsModel;
  readonly sources: SourcesModel;
  readonly presence: PresenceModel;

  constructor(clock: Clock, ids: IdGenerator, options: PlatformOptions, seed?: PlatformSeed) {
    this.state = new PlatformState(clock, seed);
    const context = new PlatformContext(this.state, clock, ids, options);
    this.identities = new IdentitiesModel(context);
    this.threads = new ThreadsModel(context);
    this.interventions = new InterventionsModel(context);
    this.contents = new ContentsModel(context, this.identities, this.threads, this.interventions);
    this.comments = new InterventionCommentsModel(context);
    this.sources = new SourcesModel(context);
    this.presence = new PresenceModel(context);
  }
}
