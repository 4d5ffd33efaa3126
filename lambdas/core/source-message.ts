/** The body of one collection message: which source to collect. Written by the schedule, read by collectors. */
export function sourceMessageBody(sourceId: string): string {
  return JSON.stringify({ sourceId });
}

/** The source id of a message body; undefined when the body is not one (a person must look at it). */
export function sourceIdOfMessage(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { sourceId?: unknown }).sourceId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
