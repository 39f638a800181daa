// Runs before each e2e file is imported (jest setupFiles): entity column types are fixed at import,
// so DATABASE_URL must already name PostgreSQL here. Each app then gets a private database.
process.env.NODE_ENV = 'test';
process.env.RMC_TEST_DB = 'postgres';
process.env.DATABASE_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
