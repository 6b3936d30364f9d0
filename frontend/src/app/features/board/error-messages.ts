import { HttpErrorResponse } from '@angular/common/http';

/** The server's refusal as messages (400: by field; 422: what the clinical state refuses). */
export function errorMessages(error: unknown, fallback: string): string[] {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return ['The server could not be reached. Check the connection and try again.'];
    }
    const body: unknown = error.error;
    if (typeof body === 'object' && body !== null && 'message' in body) {
      const message = body.message;
      if (Array.isArray(message)) {
        return message.map(String);
      }
      if (typeof message === 'string') {
        return [message];
      }
    }
  }
  return [fallback];
}
