// An MQTT broker for tests and the fleet bench: aedes in its own process (aedes 1.x is an ES
// module, which Jest's CommonJS runtime cannot load, and a separate process is what a broker is).
// Usage: node aedes-broker.mjs [port]  -> prints `listening <port>` once it accepts connections.
// It keeps nothing on disk: stopping it drops every retained message and session, as a broker
// that crashed and came back without persistence would.
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const port = Number(process.argv[2] ?? 0);
const broker = await Aedes.createBroker();
const server = createServer(broker.handle);
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
const stop = () => {
  server.close();
  broker.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop); // the test process went away
process.stdin.resume();
