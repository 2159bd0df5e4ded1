// The app shell: a signed-in tab gets the screen its address names (#/chat, #/cluster, #/settings) beside the
// navigation — onboarding in the chat's place while the model cannot answer; any other tab a sign-in screen.
import { PendingApprovalsMenu } from '../features/approvals';
import { ClusterDashboardScreen } from '../features/cluster';
import { OnboardingScreen, useOnboardingNeeded } from '../features/onboarding';
import { ChatScreen, openConversation } from '../features/chat';
import { SettingsScreen } from '../features/settings';
import { SignInScreen, useSignIn } from '../features/sign-in';
import { AppNav } from './app-nav';
import { useConversationLink } from './conversation-link';
import { DesktopStartNotice } from './desktop-start-notice';
import { useScreen, type Screen } from './hash-route';
import { ThemePicker } from './theme-picker';
import './app.css';

function CurrentScreen({ screen }: { screen: Screen }) {
  const onboarding = useOnboardingNeeded();
  if (screen === 'settings') return <SettingsScreen />;
  if (screen === 'cluster') return <ClusterDashboardScreen />;
  // The chat's place, while the model cannot answer (Ollama down, no model pulled); it comes back by itself.
  if (onboarding === undefined) return null;
  if (onboarding) return <OnboardingScreen />;
  return (
    <ChatScreen
      header={
        <>
          <PendingApprovalsMenu onOpenConversation={openConversation} />
          <ThemePicker />
        </>
      }
    />
  );
}

export function App() {
  const signIn = useSignIn();
  const screen = useScreen();
  useConversationLink(openConversation);
  if (signIn.data === undefined) return null;
  if (signIn.data !== 'signed-in') return <SignInScreen state={signIn.data} onRetry={() => void signIn.refetch()} />;
  return (
    <div className="app-shell">
      <AppNav current={screen} />
      <div className="app-screen">
        <DesktopStartNotice />
        <CurrentScreen screen={screen} />
      </div>
    </div>
  );
}
