// The app shell. For now a welcome page that says whether this tab is signed in; the chat, approvals and the cluster
// dashboard arrive with their issues.
import { SignInStatus } from './sign-in-status';

export function App() {
  return (
    <main className="welcome">
      <h1>harombe</h1>
      <p className="tagline">Your self-hosted, tool-using AI assistant.</p>
      <SignInStatus />
      <ol className="steps">
        <li>
          Describe your model and tools in <code>~/.harombe/harombe.yaml</code> (or run <code>harombe init</code>).
        </li>
        <li>Start Ollama and pull the recommended model.</li>
        <li>Chat here, in the terminal with <code>harombe chat</code>, or over HTTP.</li>
      </ol>
    </main>
  );
}
