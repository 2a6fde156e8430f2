import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** wall screens recover by themselves: re-mount after this many ms */
  autoRecoverMs?: number;
  label?: string;
}

/** Contains a render error to its panel: a small note instead of a blank page, then a retry. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  private timer: ReturnType<typeof setTimeout> | null = null;

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('[podtrail-ui]', this.props.label ?? '', error, info.componentStack);
    const ms = this.props.autoRecoverMs ?? 10_000;
    this.timer = setTimeout(() => this.setState({ error: null }), ms);
  }

  override componentWillUnmount() {
    if (this.timer) clearTimeout(this.timer);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="boundary-note" role="note">
          {this.props.label ?? 'This panel'} hit a problem and will retry shortly.
        </div>
      );
    }
    return this.props.children;
  }
}
