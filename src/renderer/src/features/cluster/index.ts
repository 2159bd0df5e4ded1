// Cluster dashboard: every node by tier with its health, circuit and load, live, with routing you can see and steer.
export { ClusterDashboardScreen } from './components/cluster-dashboard-screen';
