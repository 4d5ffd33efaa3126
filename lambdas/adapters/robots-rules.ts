/**
 * robots.txt: fetched once per origin (through the fetcher itself, so it is as polite, guarded
 * and bounded as any page) and asked before every request. Missing or failing means everything
 * is allowed; only running out of time budget is passed on, since it says nothing about the site.
 */
import robotsParser from 'robots-parser';
import type { FetchedPage } from '../core/ports';
import { BudgetFailure, RobotsFailure } from './fetch-errors';

type Robots = ReturnType<typeof robotsParser>;

export interface RobotsRulesOptions {
  userAgent: string;
  /** Fetches a robots.txt URL within the source's deadline. */
  load: (robotsUrl: string, deadline: number | undefined) => Promise<FetchedPage>;
  /** Told the status of each robots.txt read, or why it could not be read. */
  log?: (robotsUrl: string, outcome: { status: number } | { message: string }) => void;
}

export class RobotsRules {
  private readonly byOrigin = new Map<string, Promise<Robots | undefined>>();

  constructor(private readonly options: RobotsRulesOptions) {}

  /** Throws RobotsFailure when the origin's robots.txt disallows `url` for our user agent. */
  async check(url: string, deadline: number | undefined): Promise<void> {
    const origin = new URL(url).origin;
    let robots = this.byOrigin.get(origin);
    if (!robots) {
      robots = this.load(origin, deadline);
      this.byOrigin.set(origin, robots);
      // A budget failure says nothing about the site: try again next time.
      robots.catch(() => this.byOrigin.delete(origin));
    }
    const rules = await robots;
    if (rules && rules.isAllowed(url, this.options.userAgent) === false) {
      throw new RobotsFailure(url, this.options.userAgent);
    }
  }

  private async load(origin: string, deadline: number | undefined): Promise<Robots | undefined> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const page = await this.options.load(robotsUrl, deadline);
      this.options.log?.(robotsUrl, { status: page.status });
      return robotsParser(robotsUrl, page.text);
    } catch (error) {
      if (error instanceof BudgetFailure) throw error;
      this.options.log?.(robotsUrl, { message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}
