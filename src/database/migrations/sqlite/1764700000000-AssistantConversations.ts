import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AssistantConversations1764700000000 implements MigrationInterface {
  name = 'AssistantConversations1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The assistant reads the caller's newest audit entries with every question.
    await queryRunner.query(
      `CREATE INDEX "idx_audit_log_actor_at" ON "audit_log" ("actor_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assistant_conversations" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "title" varchar(100) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_assistant_conversations_user" ON "assistant_conversations" ("user_id", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assistant_messages" ("id" varchar(36) PRIMARY KEY NOT NULL, "conversation_id" varchar(36) NOT NULL, "position" integer NOT NULL, "role" varchar(16) NOT NULL, "content" text NOT NULL, "sources" text NOT NULL, "model" varchar(100), "created_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_assistant_messages_conversation" ON "assistant_messages" ("conversation_id", "position") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_audit_log_actor_at"`);
    await queryRunner.query(`DROP INDEX "idx_assistant_messages_conversation"`);
    await queryRunner.query(`DROP TABLE "assistant_messages"`);
    await queryRunner.query(`DROP INDEX "idx_assistant_conversations_user"`);
    await queryRunner.query(`DROP TABLE "assistant_conversations"`);
  }
}
