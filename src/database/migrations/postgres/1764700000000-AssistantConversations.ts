import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AssistantConversations1764700000000 implements MigrationInterface {
  name = 'AssistantConversations1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The assistant reads the caller's newest audit entries with every question.
    await queryRunner.query(
      `CREATE INDEX "idx_audit_log_actor_at" ON "audit_log" ("actor_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assistant_conversations" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "title" character varying(100) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_assistant_conversations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_assistant_conversations_user" ON "assistant_conversations" ("user_id", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assistant_messages" ("id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "position" integer NOT NULL, "role" character varying(16) NOT NULL, "content" text NOT NULL, "sources" text NOT NULL, "model" character varying(100), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_assistant_messages" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_assistant_messages_conversation" ON "assistant_messages" ("conversation_id", "position") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_audit_log_actor_at"`);
    await queryRunner.query(`DROP TABLE "assistant_messages"`);
    await queryRunner.query(`DROP TABLE "assistant_conversations"`);
  }
}
