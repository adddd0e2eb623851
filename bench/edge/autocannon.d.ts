/** The part of autocannon's API the edge throughput benchmark uses (the package ships no types). */
declare module 'autocannon' {
  export interface Options {
    url: string;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    connections?: number;
    duration?: number;
    /** Counts a mismatch for every response whose body differs. */
    expectBody?: string;
  }
  export interface Stats {
    average: number;
    p50: number;
    p99: number;
  }
  export interface Result {
    requests: Stats;
    latency: Stats;
    /** Answers with a 2xx status. */
    '2xx': number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    duration: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
