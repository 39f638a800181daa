export type ChatRole = 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export type SourceKind = 'part' | 'document' | 'rover-status' | 'alert' | 'audit';

/** What an answer cites: a knowledge record, the rover's status, an alert or an audit entry. */
export interface SourceRef {
  kind: SourceKind;
  /** The record's id; null for the rover's status, which is not a record. */
  id: string | null;
  title: string;
}
