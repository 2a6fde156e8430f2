import { lazy, Suspense, useEffect } from 'react';
import { liveStore } from './api/live-store.js';
import { ConnIndicator } from './components/conn-indicator.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { LoginPrompt } from './components/login-prompt.js';
import { formatClock } from './lib/format.js';
import { href, useAuth, useNow, useRoute } from './lib/hooks.js';
import { ComparePage } from './pages/compare.js';
import { DashboardPage } from './pages/dashboard.js';
import { PodDetailPage } from './pages/pod-detail.js';
import { PodsPage } from './pages/pods.js';
import { TmapPage } from './pages/tmap.js';
import { TracePage } from './pages/trace.js';
import { WallPage } from './pages/wall.js';
import { WorkloadPage } from './pages/workload.js';

// its own chunk: the graph layout library loads with the page that needs it
const ServiceMapPage = lazy(() => import('./pages/service-map.js').then((m) => ({ default: m.ServiceMapPage })));

export function isWallMode(path: string): boolean {
  const q = new URLSearchParams(location.search);
  const h =
    location.hash.indexOf('?') >= 0 ? new URLSearchParams(location.hash.slice(location.hash.indexOf('?') + 1)) : null;
  return path === '/wall' || q.get('wall') === '1' || h?.get('wall') === '1';
}

const NAV: [string, string][] = [
  ['/', 'Velocity'],
  ['/tmap', 'T-Map'],
  ['/map', 'Service map'],
  ['/pods', 'Pods'],
  ['/compare', 'Compare'],
];

export function App() {
  const route = useRoute();
  const authState = useAuth();
  const wall = isWallMode(route.path);

  useEffect(() => {
    liveStore.start();
    return () => liveStore.stop();
  }, []);
  useEffect(() => {
    document.body.classList.toggle('is-wall', wall);
  }, [wall]);

  if (wall) {
    return (
      <ErrorBoundary label="The wall screen" autoRecoverMs={5000}>
        <WallPage />
      </ErrorBoundary>
    );
  }
  const [s0, s1, s2] = route.segments;
  let page: React.ReactNode;
  if (!s0) page = <DashboardPage />;
  else if (s0 === 'tmap') page = <TmapPage />;
  else if (s0 === 'map')
    page = (
      <Suspense fallback={<div className="page empty">loading…</div>}>
        <ServiceMapPage />
      </Suspense>
    );
  else if (s0 === 'pods' && s1 && s2) page = <PodDetailPage key={`${s1}/${s2}`} namespace={s1} podName={s2} />;
  else if (s0 === 'pods') page = <PodsPage />;
  else if (s0 === 'workloads' && s1 && s2) page = <WorkloadPage key={`${s1}/${s2}`} namespace={s1} workload={s2} />;
  else if (s0 === 'compare') page = <ComparePage />;
  else if (s0 === 'traces' && s1) page = <TracePage key={s1} traceId={s1} />;
  else
    page = (
      <div className="page empty">
        Nothing here. <a href="#/">Back to the board</a>
      </div>
    );

  return (
    <div className="app">
      <nav className="topnav">
        <a className="brand" href="#/">
          <svg viewBox="0 0 16 16" width="16" height="16" role="img">
            <title>podtrail</title>
            <path d="M1 11l3-4 3 3 3-6 4 5" stroke="#3fb950" strokeWidth="1.8" fill="none" />
          </svg>
          podtrail
        </a>
        {NAV.map(([p, label]) => {
          const active = p === '/' ? !s0 : route.path.startsWith(p) || (p === '/pods' && s0 === 'workloads');
          return (
            <a key={p} href={`#${p}`} className={active ? 'active' : ''}>
              {label}
            </a>
          );
        })}
        <a href={href('/wall')} className="nav-wall" title="Wall-screen mode">
          Wall
        </a>
        <span className="nav-right">
          <ConnIndicator />
          <Clock />
        </span>
      </nav>
      <ErrorBoundary key={route.path} label="This page">
        {page}
      </ErrorBoundary>
      {authState === 'required' && <LoginPrompt />}
    </div>
  );
}

function Clock() {
  const now = useNow(1000);
  return <time className="clock">{formatClock(now)}</time>;
}
