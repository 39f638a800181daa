import { MigrationInterface, QueryRunner } from "typeorm";

export class RoverSafety1764100000000 implements MigrationInterface {
    name = 'RoverSafety1764100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alerts" ("id" uuid NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "kind" character varying(32) NOT NULL, "severity" character varying(16) NOT NULL, "message" character varying(500) NOT NULL, "details" text NOT NULL, CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_alerts_at" ON "alerts"  ("at") `);
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" uuid NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor" character varying(64) NOT NULL, "action" character varying(32) NOT NULL, "outcome" character varying(16) NOT NULL, "details" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_audit_log_at" ON "audit_log"  ("at") `);
        await queryRunner.query(`CREATE TABLE "rover_commands" ("id" uuid NOT NULL, "user_id" uuid, "username" character varying(64) NOT NULL, "type" character varying(16) NOT NULL, "forward" double precision, "turn" double precision, "duration" double precision, "status" character varying(16) NOT NULL, "reason" character varying(200), "host_seq" integer, "queued_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "acknowledged_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "rejected_at" TIMESTAMP(3) WITH TIME ZONE, "timed_out_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_d1e7db31450b9987d4f4e4b2ba2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_rover_commands_queued_at" ON "rover_commands"  ("queued_at") `);
        await queryRunner.query(`CREATE TABLE "rover_safety_state" ("key" character varying(32) NOT NULL, "estop_latched" boolean NOT NULL, "changed_by" character varying(64) NOT NULL, "reason" character varying(500), "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_978838d39f64fd0190c3323ff20" PRIMARY KEY ("key"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "rover_safety_state"`);
        await queryRunner.query(`DROP INDEX "public"."idx_rover_commands_queued_at"`);
        await queryRunner.query(`DROP TABLE "rover_commands"`);
        await queryRunner.query(`DROP INDEX "public"."idx_audit_log_at"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP INDEX "public"."idx_alerts_at"`);
        await queryRunner.query(`DROP TABLE "alerts"`);
    }

}
