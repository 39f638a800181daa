import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { RoverModule } from '../rover/rover.module';
import { AssistantController } from './assistant.controller';
import { ASSISTANT_REPLIES_METRIC, AssistantService } from './assistant.service';
import { ConversationMessageEntity } from './conversations/conversation-message.entity';
import { ConversationEntity } from './conversations/conversation.entity';
import { ConversationsRepository } from './conversations/conversations.repository';
import { AnthropicProvider } from './providers/anthropic.provider';
import { AssistantProvider } from './providers/assistant-provider';
import { OfflineProvider } from './providers/offline.provider';
import { AssistantContextReader } from './retrieval/assistant-context';

@Module({
  imports: [
    TypeOrmModule.forFeature([ConversationEntity, ConversationMessageEntity]),
    KnowledgeModule,
    RoverModule,
    AlertsModule,
    AuditModule,
  ],
  controllers: [AssistantController],
  providers: [
    AssistantService,
    ASSISTANT_REPLIES_METRIC,
    AssistantContextReader,
    ConversationsRepository,
    {
      provide: AssistantProvider,
      inject: [AppConfig],
      useFactory: ({ assistant }: AppConfig): AssistantProvider => {
        const { apiKey } = assistant;
        if (apiKey === undefined) {
          new Logger('Assistant').log('No ANTHROPIC_API_KEY: the assistant answers offline');
          return new OfflineProvider();
        }
        new Logger('Assistant').log({ model: assistant.model }, 'The assistant uses Anthropic');
        return new AnthropicProvider({ ...assistant, apiKey });
      },
    },
  ],
})
export class AssistantModule {}
