export const READ_THREAD_KIND = 'read_thread';

/** Read a thread's categories for a customer message that waits on them (see ReplyService). */
export interface ReadThreadPayload {
  threadId: string;
  contentId: string;
}
