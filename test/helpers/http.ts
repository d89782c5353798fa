export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin JSON client over fetch for the API under test. */
export class Http {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  as(token: string): Http {
    return new Http(this.baseUrl, token);
  }

  /** The same caller (same token) through another API process. */
  via(other: Http): Http {
    return new Http(other.baseUrl, this.token);
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { body, headers });
  }

  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, { body });
  }

  async login(email: string, password: string): Promise<Http> {
    const result = await this.post<{ accessToken: string }>('/api/auth/login', { email, password });
    if (result.status !== 200)
      throw new Error(`login ${email} failed: ${result.status} ${JSON.stringify(result.body)}`);
    return this.as(result.body.accessToken);
  }
}
