/** Safety: the e-stop and deadman, LiPo and Li-ion batteries. Markdown bodies of SEED_DOCUMENTS. */

export const ESTOP_SAFETY = `# Emergency stop and deadman: how the rover is kept safe

The rover has several independent ways to stop. Each covers a failure the others cannot see, so none of them replaces another.

| layer | trips when | result |
| --- | --- | --- |
| e-stop (service) | anyone presses it | \`EST\` to the rover, latched on both ends |
| firmware latch | the rover receives \`EST\` | motors off, \`MOV\` refused with \`NAK ESTOP\` until \`RES\` |
| operator deadman (service) | the driving operator goes quiet for \`DEADMAN_TIMEOUT_MS\` (1000 ms by default) | \`STP\`, alert, audit entry |
| firmware deadman | no valid host frame for 500 ms | motors off, TEL flag 4 |
| link watchdog (service) | no valid rover frame for 2 s | alert, commands refused with 503 |
| hardware kill switch | someone hits the button | motor power cut |

## The emergency stop

\`POST /api/rover/emergency-stop\` is open to every authenticated user, whatever their role. It skips the command queue and every rate limit, and nothing waits for the database before the \`EST\` frame leaves. The latch is set in memory first, so a command arriving a moment later is already refused, and stored afterwards, so a restarted service comes back latched. Pressing it again is harmless (idempotent).

The answer is \`{ "status": "stopped", "timestamp": ..., "previous_state": { "moving": ..., "speed": ... } }\`:

- \`confirmed: false\` means the rover did not acknowledge within 500 ms, or the link is down. The service still latches, and it sends \`EST\` first again as soon as the link returns.
- \`persisted: false\` means the latch could not be stored; an alert is raised.

While latched, \`POST /api/rover/control\` answers 409 \`estop_latched\`, and the rover itself refuses any \`MOV\` that might slip through. Every e-stop is written to the audit log.

## Resuming

\`POST /api/rover/resume\` with \`{ "reason": "..." }\` needs the \`rover:control\` scope.

- It sends \`RES\` and waits for the rover's \`ACK\`. If the link is down while latched it answers 503: the rover's own latch cannot be cleared, so the service keeps its latch too.
- The release must be stored; if the database is too busy the answer is 503 \`storage_busy\` and the latch holds.
- An e-stop that arrives while a resume is waiting wins: the resume fails with 409 \`estop_latched\`.
- Resume only unlatches. **Nothing moves until a new command.** Resuming when nothing is latched is a harmless 200.

Write a real reason: it goes into the audit log next to the e-stop it clears.

## The operator deadman (service side)

When an operator's command sets the rover moving, that operator holds a deadman lease. Each further command, or a \`heartbeat\` event on the operator's \`/telemetry\` socket, renews it; heartbeats from anybody else do not. If the lease runs out (\`DEADMAN_TIMEOUT_MS\`, default 1000 ms, adjustable in \`/api/config\`), the service sends \`STP\`, raises a \`deadman_stop\` alert and writes an audit entry. If the socket that holds the lease disconnects while the rover moves, the rover is stopped within the timeout plus 200 ms. The lease ends by itself on a stop, an e-stop or a timed move that finishes. A deadman stop is an ordinary stop, not a latch: the operator can drive again straight away.

A client that drives must therefore keep sending: repeat the command, or send \`heartbeat\` every few hundred milliseconds while a button is held.

## The firmware deadman (rover side)

The host sends \`HBT\` every 200 ms. If no valid frame reaches the rover for 500 ms (an unplugged cable, a crashed service, a corrupted line), the firmware stops the motors by itself and sets flag 4 in \`TEL\` until frames arrive again. Dropped, corrupt lines do not count as valid. This works even when the service cannot: it is the protection against a dead host.

## The hardware kill switch

Software stops need working software. Fit a latching mushroom e-stop button with a normally-closed contact where you can reach it, and let it cut the **motor** supply, for example through the coil of a relay or contactor wired in series with the contact, so that a broken wire stops the rover too. Keep the Uno powered: it then goes on reporting telemetry, and the service sees what happened. Make sure any contact that breaks motor current directly is rated for that DC current; DC arcs are much harder to break than AC.

## Drills

Test with the wheels off the ground, regularly:

1. Start an untimed move (duration 0), press the e-stop: the wheels stop and the answer says \`confirmed: true\`.
2. Try to drive: 409 \`estop_latched\`. Resume with a reason, then drive again.
3. While driving, close the console tab: the rover stops within about 1.2 s.
4. While driving, pull the USB cable: the rover stops within 0.5 s.
5. Hit the hardware button: motor power is gone, telemetry continues.
`;

export const BATTERY_SAFETY = `# LiPo and Li-ion battery safety

Lithium packs hold a lot of energy in a small volume, and a damaged, overcharged or shorted pack can burn fiercely. The rules below are the ones hobbyists and makers agree on; where a cell's datasheet says something stricter, follow the datasheet.

## Voltages per cell

| state | LiPo / Li-ion per cell | 3S pack (the rover) |
| --- | --- | --- |
| full, charge limit | 4.20V | 12.6V |
| nominal | 3.7V (LiPo), 3.6V (many Li-ion) | 11.1V |
| storage | 3.80-3.85V | about 11.4-11.55V |
| rover refuses to drive (\`LOWBAT\`) | 3.50V | 10.5V |
| rover faults (\`BATTERY_CRITICAL\`) | 3.20V | 9.6V |
| never below (LiPo) | 3.0V | 9.0V |

Some Li-ion cells, such as the Samsung INR18650-25R, are specified down to 2.5V, but every cell lives longer when it is not run flat. The rover firmware is deliberately conservative: it refuses \`MOV\` after one second below 10.5V and stops with \`FLT BATTERY_CRITICAL\` after one second below 9.6V. Both clear only after the pack reads 10.8V or more for a second, because a tired pack recovers a little as soon as the load goes away.

Voltage under load sags. A pack that reads 11.0V at rest may dip below 10.5V when both motors start; the firmware's one-second debounce ignores such short dips, but a pack that keeps hitting the limit needs charging.

## Charging

- Charge lithium packs only with a charger made for them. For 2S and 3S packs use a balance charger such as the iMAX B6 with the JST-XH balance lead plugged in, so every cell stops at 4.20V.
- Charge at 1C or less unless the pack's label allows more: 2.2 A for a 2200 mAh pack.
- A TP4056 module charges **one** cell (4.2V). Never connect it to a 2S or 3S pack.
- Charge on a non-flammable surface or in a LiPo bag, away from anything that burns, and never leave a charging pack unattended.
- Do not charge a pack that is hot from use, or one that is below freezing.
- Check the charger's cell count and chemistry every time. A LiPo charged on a NiMH or lead-acid program is overcharged.

## Storage

- For anything longer than a few days, bring the pack to storage voltage (3.80-3.85V per cell); balance chargers have a storage mode.
- Keep packs cool and dry, in a fire-resistant bag or box.
- Disconnect the pack from the rover. Even switched off, anything still connected drains it: the rover's 10k/3.3k battery divider alone draws about 1 mA, which is why it belongs on the switched side.

## Fusing and connectors

A LiPo can deliver its C rating times its capacity: a 25C 2200 mAh pack, 55 A. A short circuit at that current melts thin wire and can start a fire long before the pack itself fails.

- Put a fuse in the positive lead, as close to the pack as possible: a 5 A blade fuse suits this small rover. Choose it above the normal peak draw and below what the wiring can carry.
- Use an XT60 for the main lead, with the **female** (shrouded) half on the battery so its live contacts cannot touch anything. Solder one lead at a time and cover each joint with heat-shrink before starting the other.
- Size the main leads for the fuse, not for the average current (see the wire gauge guide); 12-14 AWG suits the XT60.
- Use a keyed connector for everything that carries battery power, so nothing can be plugged in backwards.

## Damage and retirement

Stop using a pack that is puffed (swollen), dented, punctured, hot without reason, or that will not hold a balance. Do not charge it. Put it in a fire-safe container outdoors, and take it to a battery recycling point; many shops collect them. A pack that has been in a crash should sit in a safe place for a while before you trust it again.

## 18650 cells and packs

- Buy cells from a trusted source: relabelled cells commonly overstate their capacity and current.
- Do not mix old and new cells, or different models, in one pack.
- A series pack (2S, 3S) needs a BMS or balance leads, like a LiPo.
- Never solder directly to a cell: heat damages it. Use holders or spot-welded packs.
- Protected cells have a small circuit under the wrapper that cuts off on over-discharge or short circuit; high-drain unprotected cells such as the INR18650-25R rely on your pack's BMS and fuse.

## If a pack catches fire

Get away from the smoke, keep people back, and let it burn out or smother it with sand if it is safe to do so. Do not pick it up. A burning lithium pack can reignite after it seems out.
`;
