import { api } from '../api/client.js';
import { usePoll } from '../lib/hooks.js';

export interface ScopeValue {
  service?: string;
  namespace?: string;
  workload?: string;
}

/** Service / namespace / workload filters from GET /services. */
export function ScopePicker(props: { value: ScopeValue; onChange: (v: ScopeValue) => void }) {
  const { data } = usePoll('services', (signal) => api.services({ signal }), 60_000);
  const services = data?.services ?? [];
  const namespaces = [...new Set(services.map((s) => s.namespace))].sort();
  const workloads = [
    ...new Set(
      services
        .filter(
          (s) =>
            (!props.value.namespace || s.namespace === props.value.namespace) &&
            (!props.value.service || s.serviceName === props.value.service),
        )
        .flatMap((s) => s.workloads),
    ),
  ].sort();
  const serviceNames = [...new Set(services.map((s) => s.serviceName))].sort();
  const set = (k: keyof ScopeValue) => (e: React.ChangeEvent<HTMLSelectElement>) =>
    props.onChange({ ...props.value, [k]: e.target.value || undefined });
  return (
    <div className="scope">
      <select value={props.value.namespace ?? ''} onChange={set('namespace')} aria-label="namespace">
        <option value="">all namespaces</option>
        {namespaces.map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
      <select value={props.value.service ?? ''} onChange={set('service')} aria-label="service">
        <option value="">all services</option>
        {serviceNames.map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
      <select value={props.value.workload ?? ''} onChange={set('workload')} aria-label="workload">
        <option value="">all workloads</option>
        {workloads.map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
    </div>
  );
}
