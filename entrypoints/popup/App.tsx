export function App() {
  return (
    <main>
      <h1>HeatBands</h1>
      <p>Filters arrive with the overlay.</p>
    </main>
  );
}
