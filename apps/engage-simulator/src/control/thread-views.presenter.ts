import { type PlatformState } from '../platform/platform-state';
import { presentContent, presentInterventionComment } from '../rest/platform.presenter';

type Json = Record<string, unknown>;

/**
 * What the customer sees of a thread, in time order: every content, since every content reaches them
 * (ENGAGE_API.md §2.5: `private` is a private message *to the customer*, exported like any reply):
 * their messages, replies public or private, the brand's posts and welcome messages. Intervention
 * comments are agents-only and never appear.
 */
export function customerView(state: PlatformState, threadId: string): Json {
  const thread = state.thread(threadId);
  return {
    thread_id: thread.id,
    messages: state.contentsOf(thread.id).map((content) => ({
      content_id: content.id,
      from: content.sender,
      author_id: content.author_id,
      body: content.body,
      private: content.private_message,
      title: content.title,
      to: [...content.to],
      cc: [...content.cc],
      bcc: [...content.bcc],
      attachments: content.attachments.map(({ filename, content_type }) => ({ filename, content_type })),
      created_at: content.created_at,
    })),
  };
}

/** What an agent sees in the console: the thread's contents and its interventions' comments. */
export function agentView(state: PlatformState, threadId: string): Json {
  const thread = state.thread(threadId);
  return {
    thread_id: thread.id,
    contents: state.contentsOf(thread.id).map((content) => presentContent(state, content)),
    comments: state.commentsOfThread(thread.id).map(presentInterventionComment),
  };
}
