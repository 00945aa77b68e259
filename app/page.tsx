export default function Home() {
  return <main className="p-10">Qualcode</main>;
}
