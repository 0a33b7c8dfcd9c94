import { Component, type ReactNode } from 'react';

interface Props {
  /** What the panel is, for the message ("the feature maps"). */
  readonly what: string;
  readonly children: ReactNode;
}

/**
 * A panel that fails to draw says so in place, and the rest of the page keeps working: the
 * network lives in the store, not in the panel, so nothing the student built is lost.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error(`${this.props.what} failed to draw:`, error);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel panel-error" role="alert" data-testid="panel-error">
        <p>
          <strong>{this.props.what} could not be drawn:</strong> {error.message}
        </p>
        <p>Your network is kept. Undo (Ctrl+Z) the last change, or try again.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
