export function App() {
  return (
    <main>
      <h1>HeatBands</h1>
      <p>The full heatmap arrives here.</p>
    </main>
  );
}
