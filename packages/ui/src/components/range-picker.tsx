import { RANGE_PRESETS } from '../lib/time-range.js';

/** Relative range buttons (5m … 7d); an absolute range shows as "custom". */
export function RangePicker(props: {
  value: string | null;
  onChange: (rel: string) => void;
  presets?: readonly string[];
}) {
  const presets = props.presets ?? RANGE_PRESETS;
  return (
    <fieldset className="seg" aria-label="time range">
      {presets.map((p) => (
        <button
          key={p}
          type="button"
          className={props.value === p ? 'on' : ''}
          onClick={() => props.onChange(p)}
          data-range={p}
        >
          {p}
        </button>
      ))}
      {props.value === null && (
        <button type="button" className="on">
          custom
        </button>
      )}
    </fieldset>
  );
}
