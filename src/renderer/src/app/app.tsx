// The app shell: a signed-in tab gets the screen its address names (#/chat, #/cluster, #/settings) beside the
// navigation; any other a sign-in screen saying what to do.
import { PendingApprovalsMenu } from '../features/approvals';
import { ChatScreen, openConversation } from '../features/chat';
import { SettingsScreen } from '../features/settings';
import { SignInScreen, useSignIn } from '../features/sign-in';
import { AppNav } from './app-nav';
import { useScreen, type Screen } from './hash-route';
import { ThemePicker } from './theme-picker';
import './app.css';

const SCREENS_BUILT: readonly Screen[] = ['chat', 'settings'];

function CurrentScreen({ screen }: { screen: Screen }) {
  if (screen === 'settings') return <SettingsScreen />;
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
  const requested = useScreen();
  if (signIn.data === undefined) return null;
  if (signIn.data !== 'signed-in') return <SignInScreen state={signIn.data} onRetry={() => void signIn.refetch()} />;
  const screen = SCREENS_BUILT.includes(requested) ? requested : 'chat';
  return (
    <div className="app-shell">
      <AppNav current={screen} screens={SCREENS_BUILT} />
      <div className="app-screen">
        <CurrentScreen screen={screen} />
      </div>
    </div>
  );
}
