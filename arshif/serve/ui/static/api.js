// The JSON API of this same origin.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.hint = body && body.hint;
    this.takedown = body && body.takedown;
  }
}

const TIMEOUT_MS = 30000;

async function request(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") query.set(name, value);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(`${path}?${query}`, { signal: controller.signal, credentials: "same-origin" });
    if (!response.ok) {
      let body = null;
      try { body = await response.json(); } catch { /* not JSON */ }
      throw new ApiError(response.status, body);
    }
    return response;
  } finally {
    clearTimeout(timer);
  }
}

export async function getJson(path, params) {
  return (await request(path, params)).json();
}

export async function getText(path, params) {
  return (await request(path, params)).text();
}
