/** A thread's Direct Line conversation: held in memory only, so a restart starts new ones. */
export interface DirectLineConversation {
  conversationId: string;
  token: string;
  /** Milliseconds since the epoch, by the engine's clock. */
  expiresAt: number;
  lifetimeMs: number;
  /** Where the next read of activities starts; null before the first one. */
  watermark: string | null;
}

/** One conversation per thread; past `capacity`, the least recently used is forgotten first. */
export class DirectLineConversations {
  private readonly byThread = new Map<string, DirectLineConversation>();

  constructor(private readonly capacity: number) {}

  get(threadId: string): DirectLineConversation | undefined {
    const conversation = this.byThread.get(threadId);
    if (conversation !== undefined) {
      this.remember(threadId, conversation);
    }
    return conversation;
  }

  remember(threadId: string, conversation: DirectLineConversation): DirectLineConversation {
    // A Map iterates in insertion order: re-inserting moves the thread to the most recent end.
    this.byThread.delete(threadId);
    this.byThread.set(threadId, conversation);
    for (const oldest of this.byThread.keys()) {
      if (this.byThread.size <= this.capacity) {
        break;
      }
      this.byThread.delete(oldest);
    }
    return conversation;
  }

  forget(threadId: string): void {
    this.byThread.delete(threadId);
  }
}
