import { MigrationInterface, QueryRunner } from "typeorm";

export class RoverSafety1764100000000 implements MigrationInterface {
    name = 'RoverSafety1764100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "at" datetime NOT NULL, "kind" varchar(32) NOT NULL, "severity" varchar(16) NOT NULL, "message" varchar(500) NOT NULL, "details" text NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_alerts_at" ON "alerts" ("at") `);
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" varchar(36) PRIMARY KEY NOT NULL, "at" datetime NOT NULL, "actor_id" varchar(36), "actor" varchar(64) NOT NULL, "action" varchar(32) NOT NULL, "outcome" varchar(16) NOT NULL, "details" text NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_audit_log_at" ON "audit_log" ("at") `);
        await queryRunner.query(`CREATE TABLE "rover_commands" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36), "username" varchar(64) NOT NULL, "type" varchar(16) NOT NULL, "forward" double precision, "turn" double precision, "duration" double precision, "status" varchar(16) NOT NULL, "reason" varchar(200), "host_seq" integer, "queued_at" datetime NOT NULL, "sent_at" datetime, "acknowledged_at" datetime, "completed_at" datetime, "rejected_at" datetime, "timed_out_at" datetime)`);
        await queryRunner.query(`CREATE INDEX "idx_rover_commands_queued_at" ON "rover_commands" ("queued_at") `);
        await queryRunner.query(`CREATE TABLE "rover_safety_state" ("key" varchar(32) PRIMARY KEY NOT NULL, "estop_latched" boolean NOT NULL, "changed_by" varchar(64) NOT NULL, "reason" varchar(500), "changed_at" datetime NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "rover_safety_state"`);
        await queryRunner.query(`DROP INDEX "idx_rover_commands_queued_at"`);
        await queryRunner.query(`DROP TABLE "rover_commands"`);
        await queryRunner.query(`DROP INDEX "idx_audit_log_at"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP INDEX "idx_alerts_at"`);
        await queryRunner.query(`DROP TABLE "alerts"`);
    }

}
