/** What a list of articles is narrowed to; `feedOf` selects the authors a user follows. */
export interface ArticleFilters {
  tag?: string;
  author?: string;
  favorited?: string;
  feedOf?: string;
}

export interface Paging {
  limit: number;
  offset: number;
}
