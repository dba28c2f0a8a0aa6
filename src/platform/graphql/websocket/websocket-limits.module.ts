import { Module } from '@nestjs/common';
import { WebSocketLimits } from './websocket-limits.js';

/** One WebSocketLimits per process: the GraphQL module installs it on the WebSocket route. */
@Module({ providers: [WebSocketLimits], exports: [WebSocketLimits] })
export class WebSocketLimitsModule {}
