/** The ports the use-cases need; adapters implement them (HTTP, DynamoDB, mail). */

export interface FetchOptions {
  headers?: Record<string, string>;
  /** Validators from an earlier fetch of the same URL, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** Epoch ms after which the source's time budget is spent: no new request starts after it. */
  deadline?: number;
}

export interface FetchedPage {
  requestedUrl: string;
  /** The URL after redirects. */
  url: string;
  status: number;
  /** True on 304 Not Modified: body and text are empty. */
  notModified: boolean;
  contentType: string;
  /** The charset the body was decoded with (gb2312/gbk are read as gb18030). */
  charset: string;
  body: Buffer;
  /** The body decoded to text. */
  text: string;
  etag?: string;
  lastModified?: string;
}

/** Fetches one URL politely; throws SourceFailure with the right failure class. */
export interface Fetcher {
  get(url: string, options?: FetchOptions): Promise<FetchedPage>;
}
