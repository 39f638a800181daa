type Json = Record<string, unknown>;

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A readable page of the AsyncAPI document, rendered on the server: no script, nothing loaded
 * from elsewhere, so it works offline and under the service's Content-Security-Policy.
 */
export function renderAsyncApiPage(document: Json): string {
  const info = document.info as { title: string; version: string; description: string };
  const channels = document.channels as Record<
    string,
    { address: string; description: string; messages: Record<string, Json> }
  >;
  const operations = document.operations as Record<string, { action: string }>;
  const sections = Object.entries(channels).map(([id, channel]) => {
    const rows = Object.entries(channel.messages)
      .filter(([event]) => !event.endsWith('Ack'))
      .map(([event, message]) => {
        const action =
          operations[`${id}.${event}`]?.action === 'send' ? 'server → client' : 'client → server';
        const ack = channel.messages[`${event}Ack`];
        return `<article><h3><code>${escape(event)}</code> <small>${action}</small></h3>
<p>${escape(typeof message.summary === 'string' ? message.summary : '')}</p>
${message.payload ? `<details><summary>payload</summary><pre>${escape(JSON.stringify(message.payload, null, 2))}</pre></details>` : ''}
${ack ? `<details><summary>ack</summary><pre>${escape(JSON.stringify(ack.payload, null, 2))}</pre></details>` : ''}
</article>`;
      });
    return `<section><h2>Namespace <code>${escape(channel.address)}</code></h2><p>${escape(channel.description)}</p>${rows.join('\n')}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace}pre{background:#f5f5f5;padding:.75rem;overflow:auto;font-size:13px}
article{border-top:1px solid #ddd;padding:.5rem 0}small{color:#666;font-weight:normal}
</style></head><body>
<h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>
<p>${escape(info.description)}</p>
<p>The machine-readable document: <a href="/docs/websocket.json">/docs/websocket.json</a> (AsyncAPI 3.0). The schemas it references are the REST API's (<a href="/docs">/docs</a>).</p>
${sections.join('\n')}
</body></html>`;
}
