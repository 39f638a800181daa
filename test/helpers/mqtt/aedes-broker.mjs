// An MQTT broker for tests and the fleet bench: aedes in its own process (aedes 1.x is an ES
// module, which Jest's CommonJS runtime cannot load, and a separate process is what a broker is).
// Usage: node aedes-broker.mjs [port]  -> prints `listening <port>` once it accepts connections.
// Optional, from the environment: BROKER_TLS_CERT and BROKER_TLS_KEY (PEM files: listen with TLS),
// BROKER_USERNAME and BROKER_PASSWORD (refuse any other credentials).
// It keeps nothing on disk: stopping it drops every retained message and session, as a broker
// that crashed and came back without persistence would.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes } from 'aedes';

const port = Number(process.argv[2] ?? 0);
const { BROKER_TLS_CERT, BROKER_TLS_KEY, BROKER_USERNAME, BROKER_PASSWORD } = process.env;
const broker = await Aedes.createBroker(
  BROKER_USERNAME === undefined
    ? {}
    : {
        authenticate: (_client, username, password, done) => {
          const ok = username === BROKER_USERNAME && password?.toString() === BROKER_PASSWORD;
          if (ok) return done(null, true);
          const error = new Error('bad username or password');
          error.returnCode = 4;
          done(error, false);
        },
      },
);
const server = BROKER_TLS_CERT
  ? createTlsServer(
      { cert: readFileSync(BROKER_TLS_CERT), key: readFileSync(BROKER_TLS_KEY) },
      broker.handle,
    )
  : createServer(broker.handle);
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
