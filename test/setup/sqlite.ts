// Runs before each e2e file is imported (jest setupFiles): entity column types are fixed at import.
process.env.NODE_ENV = 'test';
process.env.RMC_TEST_DB = 'sqlite';
delete process.env.DATABASE_URL;
