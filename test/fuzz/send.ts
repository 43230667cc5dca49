// Sends the fuzzer's requests over real HTTP, several at a time, and judges every answer.
import { problemsOf, type Answer } from './checks';
import type { Caller, FuzzRequest } from './requests';

/** The Authorization header each caller sends; the editor's token is a real one, made for the run. */
export function authorizationOf(caller: Caller, editorToken: string): string | undefined {
  switch (caller) {
    case 'anonymous':
      return undefined;
    case 'editor':
      return `Bearer ${editorToken}`;
    case 'forged-token':
      return `Bearer apo_${'A'.repeat(43)}`;
    case 'malformed-authorization':
      return 'Bearer';
  }
}

/** One request, answered within `timeoutMs` (an answer that takes longer is a failure of its own). */
export async function send(url: string, req: FuzzRequest, editorToken: string, timeoutMs = 30_000): Promise<Answer> {
  const authorization = authorizationOf(req.caller, editorToken);
  const headers: Record<string, string> = { ...req.headers };
  if (req.contentType) headers['content-type'] = req.contentType;
  if (authorization) headers.authorization = authorization;
  const res = await fetch(req.method === 'GET' ? `${url}?${req.search ?? ''}` : url, {
    method: req.method,
    headers,
    body: req.method !== 'POST' || req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : new Uint8Array(req.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text() };
}

export interface Failure {
  request: FuzzRequest;
  problems: string[];
  answer?: Answer;
}

export interface RunSummary {
  sent: number;
  failures: Failure[];
  /** How many answers had each HTTP status. */
  statuses: Record<number, number>;
  /** How many requests of each kind were sent. */
  kinds: Record<string, number>;
  /** How many errors had each code. */
  codes: Record<string, number>;
}

/**
 * Sends requests `from` to `to - 1` of `generate`, `concurrency` at a time, and checks each answer; stops
 * early after `maxFailures` failures or when `stop()` says so (the process died).
 */
export async function run(options: {
  url: string;
  generate: (index: number) => FuzzRequest;
  from: number;
  to: number;
  concurrency: number;
  editorToken: string;
  maxFailures?: number;
  stop?: () => boolean;
  summary?: RunSummary;
}): Promise<RunSummary> {
  const summary = options.summary ?? { sent: 0, failures: [], statuses: {}, kinds: {}, codes: {} };
  const maxFailures = options.maxFailures ?? 20;
  let next = options.from;
  const worker = async () => {
    while (next < options.to && summary.failures.length < maxFailures && !options.stop?.()) {
      const request = options.generate(next++);
      summary.kinds[request.kind] = (summary.kinds[request.kind] ?? 0) + 1;
      let answer: Answer;
      try {
        answer = await send(options.url, request, options.editorToken);
      } catch (err) {
        summary.failures.push({ request, problems: [`no answer: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`] });
        continue;
      }
      summary.sent++;
      summary.statuses[answer.status] = (summary.statuses[answer.status] ?? 0) + 1;
      for (const code of codesOf(answer.text)) summary.codes[code] = (summary.codes[code] ?? 0) + 1;
      const problems = problemsOf(answer);
      if (problems.length) summary.failures.push({ request, problems, answer });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summary;
}

function codesOf(text: string): string[] {
  try {
    const errors = (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors;
    return Array.isArray(errors) ? errors.map((e) => String(e?.extensions?.code)) : [];
  } catch {
    return [];
  }
}
