import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as PinoLogger } from 'pino';
import type { HttpConfig } from '../config/app-config';
import { LOG_FORMAT, type LogFormat } from '../logging/log-format';
import { ROOT_LOGGER } from '../logging/logging.module';
import { AdminBootstrapService } from '../users/admin-bootstrap.service';
import { adminPasswordLine, bootUrls, printBootBanner, publicBaseUrl } from './boot-banner';

/** Listens, then prints the boot banner: the last thing the boot says, and said once. */
export async function listenAndAnnounce(app: NestFastifyApplication, http: HttpConfig) {
  const admin = app.get(AdminBootstrapService);
  await app.listen(http.port, http.host).catch((error: unknown) => {
    // The admin account exists now and a terminal was to see its password only in the banner:
    // without this line a port already in use would lock the newcomer out of it for good.
    const password = admin.takeGeneratedPassword();
    if (password !== undefined) process.stdout.write(`${adminPasswordLine(password)}\n`);
    throw error;
  });
  const { port } = app.getHttpServer().address() as AddressInfo; // PORT=0 picks one
  printBootBanner({
    format: app.get<LogFormat>(LOG_FORMAT),
    logger: app.get<PinoLogger>(ROOT_LOGGER),
    urls: bootUrls(publicBaseUrl(http.host, port)),
    adminPassword: admin.takeGeneratedPassword(),
  });
}
