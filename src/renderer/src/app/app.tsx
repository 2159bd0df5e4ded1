// The app shell: a signed-in tab gets the chat; any other a sign-in screen saying what to do.
import { PendingApprovalsMenu } from '../features/approvals';
import { ChatScreen, openConversation } from '../features/chat';
import { SignInScreen, useSignIn } from '../features/sign-in';
import { ThemePicker } from './theme-picker';

export function App() {
  const signIn = useSignIn();
  if (signIn.data === undefined) return null;
  if (signIn.data !== 'signed-in') return <SignInScreen state={signIn.data} onRetry={() => void signIn.refetch()} />;
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
