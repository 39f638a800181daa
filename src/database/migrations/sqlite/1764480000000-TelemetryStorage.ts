import { MigrationInterface, QueryRunner } from "typeorm";

export class TelemetryStorage1764480000000 implements MigrationInterface {
    name = 'TelemetryStorage1764480000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "telemetry_rollups" ("robot_id" varchar(36) NOT NULL, "cell_start" bigint NOT NULL, "sample_count" integer NOT NULL, "min_x" double precision, "max_x" double precision, "min_y" double precision, "max_y" double precision, "min_z" double precision, "max_z" double precision, "min_pitch" double precision, "max_pitch" double precision, "min_roll" double precision, "max_roll" double precision, "min_yaw" double precision, "max_yaw" double precision, "min_fl" double precision, "max_fl" double precision, "min_fr" double precision, "max_fr" double precision, "min_rl" double precision, "max_rl" double precision, "min_rr" double precision, "max_rr" double precision, "min_battery" double precision, "max_battery" double precision, "min_voltage" double precision, "max_voltage" double precision, "min_temperature" double precision, "max_temperature" double precision, "min_current" double precision, "max_current" double precision, "min_obstacle_distance" double precision, "max_obstacle_distance" double precision, "min_cpu" double precision, "max_cpu" double precision, "min_ram" double precision, "max_ram" double precision, "min_lat" double precision, "max_lat" double precision, "min_lng" double precision, "max_lng" double precision, PRIMARY KEY ("robot_id", "cell_start")) WITHOUT ROWID`);
        await queryRunner.query(`CREATE INDEX "idx_telemetry_rollups_cell_start" ON "telemetry_rollups" ("cell_start") `);
        await queryRunner.query(`CREATE TABLE "telemetry_samples" ("robot_id" varchar(36) NOT NULL, "at" bigint NOT NULL, "x" double precision, "y" double precision, "z" double precision, "pitch" double precision, "roll" double precision, "yaw" double precision, "fl" double precision, "fr" double precision, "rl" double precision, "rr" double precision, "battery" double precision, "voltage" double precision, "temperature" double precision, "current" double precision, "obstacle_distance" double precision, "cpu" double precision, "ram" double precision, "lat" double precision, "lng" double precision, PRIMARY KEY ("robot_id", "at")) WITHOUT ROWID`);
        await queryRunner.query(`CREATE INDEX "idx_telemetry_samples_at" ON "telemetry_samples" ("at", "robot_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_telemetry_samples_at"`);
        await queryRunner.query(`DROP TABLE "telemetry_samples"`);
        await queryRunner.query(`DROP INDEX "idx_telemetry_rollups_cell_start"`);
        await queryRunner.query(`DROP TABLE "telemetry_rollups"`);
    }

}
