import { useEffect, useRef, useState } from 'react';
import { liveStore } from '../api/live-store.js';
import { auth, saveToken, urlToken } from '../api/token.js';

/** Asks for an API token when the collector answered 401/403 (not on wall screens). */
export function LoginPrompt() {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement | null>(null);
  useEffect(() => input.current?.focus(), []);
  const fromUrl = urlToken();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    saveToken(value);
    if (fromUrl) {
      // a token in the URL wins over the saved one: drop it from the address
      const u = new URL(location.href);
      u.searchParams.delete('token');
      history.replaceState(null, '', u.toString());
    }
    auth.set('unknown');
    liveStore.restart();
  };
  return (
    <div className="modal-backdrop">
      <form className="login" onSubmit={submit} data-testid="login">
        <h2>podtrail</h2>
        <p>
          {fromUrl ? 'The token in the URL was refused.' : 'This collector requires an API token.'} Paste a token with
          the <code>read</code> role (printed once by the collector at first start, or created with{' '}
          <code>POST /api/v1/tokens</code>).
        </p>
        <input
          type="password"
          ref={input}
          placeholder="token"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-label="API token"
        />
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
