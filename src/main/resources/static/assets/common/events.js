// Server-Sent Events read through fetch rather than EventSource: EventSource cannot send an
// Authorization header, and putting the bearer token in the URL would leave it in access logs,
// proxies and the browser history. fetch streams the same text/event-stream with the header.

/**
 * Opens `path` as an event stream and calls `onEvent({event, data, id})` for each event. Resolves
 * when the server ends the stream, rejects when it cannot be opened or breaks; `signal` aborts it.
 * `onOpen()` is called once the server has answered 200.
 */
export async function readEvents(path, { token, signal, onEvent, onOpen }) {
  const headers = { Accept: 'text/event-stream' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers, signal, cache: 'no-store' });
  if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
  if (onOpen) onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const parsed = parse(block);
      if (parsed) onEvent(parsed);
    }
  }
}

function parse(block) {
  const event = { event: 'message', data: '', id: null };
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') event.id = value;
  }
  if (!data.length) return null;
  event.data = data.join('\n');
  return event;
}
