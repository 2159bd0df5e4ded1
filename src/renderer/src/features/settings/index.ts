// Settings: harombe.yaml's common fields as forms (saved with PUT /config), and this browser's appearance.
export { SettingsScreen } from './components/settings-screen';
