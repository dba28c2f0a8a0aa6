import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticleReadsService } from './article-reads.service.js';
import { ArticleTagEntity } from './article-tag.entity.js';
import { ArticleEntity } from './article.entity.js';
import { ArticlesController } from './articles.controller.js';
import { ArticlesResolver } from './articles.resolver.js';
import { ArticlesService } from './articles.service.js';
import { FavoriteEntity } from './favorite.entity.js';
import { TagEntity } from './tag.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([ArticleEntity, TagEntity, ArticleTagEntity, FavoriteEntity])],
  controllers: [ArticlesController],
  providers: [ArticlesService, ArticleReadsService, ArticlesResolver],
  exports: [ArticlesService, ArticleReadsService],
})
export class ArticlesModule {}
