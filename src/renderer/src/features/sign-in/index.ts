// Sign-in: whether this tab may use the API, and the screen shown when it may not.
export { SignInScreen } from './sign-in-screen';
export { useSignIn, type SignInState } from './use-sign-in';
