// Rover Mission Control firmware for an Arduino Uno (ATmega328P).
//
// Speaks the wire protocol of docs/serial-protocol.md (v1) to the host's HardwareService: it drives
// an L298N-style dual H-bridge, times an HC-SR04 echo, watches the battery, and streams TEL at 10 Hz.
// Wiring, thresholds, build and memory figures: firmware/rover/README.md.
//
// RAM is 2 KB, so there is no String and no heap: host lines land in one fixed buffer, and rover
// frames are streamed straight into the serial driver while their checksum is accumulated, so no
// outgoing frame is ever held in RAM.

#include <Arduino.h>
#include <avr/pgmspace.h>
#include <math.h>

// The current sensor is optional hardware; an unfitted A1 floats, and reading it as amps could trip
// MOTOR_OVERCURRENT at random, so it stays off unless the board has one
// (-DROVER_CURRENT_SENSE=1, or change this default).
#ifndef ROVER_CURRENT_SENSE
#define ROVER_CURRENT_SENSE 0
#endif

// ---------------------------------------------------------------------------------------------
// Pins (see the wiring table in README.md)

const uint8_t kPinEnA = 5;  // left PWM; 5 and 6 share timer 0, so both sides get the same PWM rate
const uint8_t kPinIn1 = 7;
const uint8_t kPinIn2 = 8;
const uint8_t kPinEnB = 6;  // right PWM
const uint8_t kPinIn3 = 9;
const uint8_t kPinIn4 = 10;
const uint8_t kPinTrig = 4;
const uint8_t kPinEcho = 2;  // INT0: the echo is timed by an interrupt, so the loop never waits on it
const uint8_t kPinBattery = A0;
const uint8_t kPinCurrent = A1;

// A motor mounted the other way round is fixed here rather than by swapping wires on the bench.
const bool kInvertLeft = false;
const bool kInvertRight = false;

// ---------------------------------------------------------------------------------------------
// Protocol (docs/serial-protocol.md)

const uint32_t kBaud = 115200;
const uint8_t kProtocolVersion = 1;
// The doc's field grammar allows only numbers and [A-Z_]+ tokens, hence no digits or dots here.
#define FIRMWARE_NAME "ROVER_UNO"
const uint8_t kMaxFrameBytes = 120;
const uint16_t kMaxDurationMs = 10000;
const uint16_t kDeadmanMs = 500;
const uint16_t kTelemetryPeriodMs = 100;

const uint8_t kFlagEstop = 1;
const uint8_t kFlagMoving = 2;
const uint8_t kFlagHostTimeout = 4;
const uint8_t kFlagDropped = 8;

enum HostCommand : uint8_t { kCmdMov, kCmdStp, kCmdEst, kCmdRes, kCmdHbt, kCmdCal, kCmdCount };
// Three letters per command, in HostCommand order.
const char kHostTypes[] PROGMEM = "MOVSTPESTRESHBTCAL";

// Fault bits; each one maps to a FLT code.
const uint8_t kFaultOvercurrent = 1;
const uint8_t kFaultOvertemp = 2;
const uint8_t kFaultBattery = 4;
const uint8_t kFaultSensor = 8;

// ---------------------------------------------------------------------------------------------
// Drive and dead reckoning

// Below this duty the gearmotors stall and only hum, so a small command starts from here.
const uint8_t kMinPwm = 60;
// Ground speed at full duty and the wheel track; measure both on the real chassis. Dead reckoning
// from commanded speeds is only as good as these two numbers.
const float kMaxWheelSpeedMps = 0.50f;
const float kTrackWidthM = 0.15f;
const uint16_t kOdometryPeriodMs = 20;
// Keeps x and y at 4 integer digits, which (with the other fields' widths) bounds TEL to 114 bytes.
const float kPoseLimitM = 9999.999f;

// ---------------------------------------------------------------------------------------------
// Power: 3S LiPo through a 10k (top) / 3.3k (bottom) divider into A0

const float kAdcRefV = 5.00f;  // AVcc; on USB power it can be 4.8 V, so calibrate against a meter
const float kBattDividerRatio = (10.0f + 3.3f) / 3.3f;  // 20.1 V full scale at A0 = 5 V
const float kBattFullV = 12.60f;      // 4.20 V per cell: 100 %
const float kBattEmptyV = 9.60f;      // 3.20 V per cell: 0 %
const float kBattLowV = 10.50f;       // 3.50 V per cell: MOV is refused with LOWBAT below this
const float kBattCriticalV = 9.60f;   // 3.20 V per cell: FLT BATTERY_CRITICAL, motors off
const float kBattRecoverV = 10.80f;   // 3.60 V per cell: sag under load never climbs this far back
const uint16_t kBattDebounceMs = 1000;  // a motor's inrush sag alone must not trip anything
const float kBattFilter = 0.1f;       // per 20 ms sample: a ~200 ms time constant

// ACS712-05B on the battery lead: 2.5 V at 0 A, 185 mV per amp.
const float kCurrentZeroV = 2.50f;
const float kCurrentVPerA = 0.185f;
const float kCurrentFilter = 0.2f;
const float kOvercurrentA = 3.0f;     // the L298N's two channels at their rated 2 A are nearly 4 A
const uint16_t kOvercurrentMs = 250;  // motor start-up current may exceed the limit briefly
const uint16_t kOvercurrentCooldownMs = 3000;

const uint16_t kSensePeriodMs = 20;

// ---------------------------------------------------------------------------------------------
// Die temperature from the ATmega's internal sensor (ADC channel 8 against the 1.1 V reference).
// Typical datasheet slope, uncalibrated: expect +-10 C from chip to chip. It is the MCU die, not
// the motor driver's heatsink.

const float kTempOffsetLsb = 324.31f;
const float kTempLsbPerC = 1.22f;
const uint16_t kTempPeriodMs = 2000;
// AREF carries 100 nF on the Uno, and the weak internal 1.1 V reference needs milliseconds, not
// microseconds, to pull it down from 5 V; 40 ms leaves a wide margin. Leave the AREF pin unwired:
// selecting an internal reference with a voltage on AREF shorts the two.
const uint16_t kTempRefSettleMs = 40;
const uint16_t kAvccRefSettleMs = 5;
const float kOvertempC = 80.0f;
const float kOvertempClearC = 70.0f;

// ---------------------------------------------------------------------------------------------
// HC-SR04

// The datasheet asks for at least 60 ms between pings so that late echoes do not alias.
const uint16_t kPingPeriodMs = 60;
const float kMetresPerEchoUs = 343.0e-6f / 2.0f;  // sound at 20 C, there and back
const float kMaxRangeM = 4.0f;                    // the module's rated range; longer echoes lie
// With the echo pin pulled up, a missing sensor reads as an echo stuck high; this many periods
// in a row without a rising edge (0.6 s) is a SENSOR_FAILURE.
const uint8_t kSensorFailurePings = 10;

// ---------------------------------------------------------------------------------------------
// State

struct Debounce {
  uint32_t sinceMs;
  bool armed;
};

// One parsed, valid host frame.
struct HostFrame {
  uint8_t command;
  uint16_t seq;
  int32_t forwardMicro;  // MOV fields, in millionths so that parsing needs no float
  int32_t turnMicro;
  uint16_t durationMs;
};

// Receive: room for the 120-byte frame and the '\r' that may precede '\n'.
static char rxBuf[kMaxFrameBytes + 1];
static uint8_t rxLen = 0;
static bool rxOverflow = false;
static uint8_t droppedSinceTel = 0;

// Transmit
static uint16_t txSeq = 0;  // uint16_t wraps 65535 -> 0 exactly as the protocol asks
static uint8_t txSum = 0;

// Link
static uint32_t lastHostFrameMs = 0;
static bool hostTimedOut = false;

// Motion
static float leftCmd = 0.0f;  // [-1, 1], as applied to the bridge
static float rightCmd = 0.0f;
static bool estopLatched = false;
static bool timedMove = false;
static uint32_t moveStartMs = 0;
static uint16_t moveDurationMs = 0;
static uint16_t moveHostSeq = 0;

// Dead reckoning
static float poseX = 0.0f;
static float poseY = 0.0f;
static float poseYaw = 0.0f;
static uint32_t odomMs = 0;

// Sensing
static float battV = 0.0f;
static bool lowBattery = false;
static Debounce dbBattCritical = {0, false};
static Debounce dbBattLow = {0, false};
static Debounce dbBattRecovered = {0, false};
static float currentA = 0.0f;
#if ROVER_CURRENT_SENSE
static Debounce dbOvercurrent = {0, false};
static uint32_t overcurrentMs = 0;
#endif
static float tempC = 25.0f;  // shown until the first reading, 40 ms after boot
static bool haveTemp = false;
static uint32_t lastSenseMs = 0;
static uint32_t lastTempMs = 0;
enum AdcPhase : uint8_t { kAdcNormal, kAdcTempSettle, kAdcAvccSettle };
static AdcPhase adcPhase = kAdcNormal;
static uint32_t adcPhaseMs = 0;

static uint8_t activeFaults = 0;

// Ultrasonic: written by the echo interrupt
enum EchoState : uint8_t { kEchoIdle, kEchoArmed, kEchoRose, kEchoDone };
static volatile EchoState echoState = kEchoIdle;
static volatile uint32_t echoRiseUs = 0;
static volatile uint32_t echoWidthUs = 0;
static bool pingOutstanding = false;
static uint8_t pingMisses = 0;
static uint32_t lastPingMs = 0;
static float obstacleM = -1.0f;

static uint32_t lastTelMs = 0;

// ---------------------------------------------------------------------------------------------
// Transmit: every byte between '$' and '*' goes through txByte, which keeps the XOR.

static void txByte(char c) {
  txSum ^= static_cast<uint8_t>(c);
  Serial.write(c);
}

static void txText(const __FlashStringHelper *text) {
  PGM_P p = reinterpret_cast<PGM_P>(text);
  for (char c = pgm_read_byte(p); c != '\0'; c = pgm_read_byte(++p)) txByte(c);
}

static void txUint(uint32_t value) {
  char digits[10];
  uint8_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) txByte(digits[--n]);
}

static void txFieldUint(uint32_t value) {
  txByte(',');
  txUint(value);
}

// Fixed-point formatting, because avr-libc's printf has no %f. Rounding happens on the scaled
// integer, so a value that rounds to zero has no sign: "-0.00" never reaches the wire.
static void txFieldFixed(float value, uint8_t decimals) {
  static const uint16_t kScale[] = {1, 10, 100, 1000};
  const uint16_t scale = kScale[decimals];
  const float scaled = value * scale;
  int32_t fixedPoint = static_cast<int32_t>(scaled < 0 ? scaled - 0.5f : scaled + 0.5f);
  txByte(',');
  if (fixedPoint < 0) {
    txByte('-');
    fixedPoint = -fixedPoint;
  }
  const uint32_t magnitude = static_cast<uint32_t>(fixedPoint);
  txUint(magnitude / scale);
  if (decimals == 0) return;
  txByte('.');
  uint32_t fraction = magnitude % scale;
  for (uint16_t place = scale / 10; place > 0; place /= 10) {
    txByte(static_cast<char>('0' + fraction / place));
    fraction %= place;
  }
}

static void txFieldText(const __FlashStringHelper *text) {
  txByte(',');
  txText(text);
}

static char hexDigit(uint8_t nibble) {
  return static_cast<char>(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}

static void txBegin(const __FlashStringHelper *type) {
  txSum = 0;
  Serial.write('$');
  txText(type);
  txFieldUint(txSeq++);
}

static void txEnd() {
  const uint8_t sum = txSum;
  Serial.write('*');
  Serial.write(hexDigit(sum >> 4));
  Serial.write(hexDigit(sum & 0x0F));
  Serial.write('\n');
}

static void sendAck(uint16_t hostSeq) {
  txBegin(F("ACK"));
  txFieldUint(hostSeq);
  txEnd();
}

// Only ESTOP, LOWBAT and FAULT are ever sent: RANGE and BADCMD would describe frames that the
// protocol says to drop silently (out-of-range field, unknown type, wrong field count).
static void sendNak(uint16_t hostSeq, const __FlashStringHelper *reason) {
  txBegin(F("NAK"));
  txFieldUint(hostSeq);
  txFieldText(reason);
  txEnd();
}

static void sendDone(uint16_t hostSeq) {
  txBegin(F("DON"));
  txFieldUint(hostSeq);
  txEnd();
}

static const __FlashStringHelper *faultCode(uint8_t fault) {
  switch (fault) {
    case kFaultOvercurrent: return F("MOTOR_OVERCURRENT");
    case kFaultOvertemp: return F("OVERTEMP");
    case kFaultBattery: return F("BATTERY_CRITICAL");
    default: return F("SENSOR_FAILURE");
  }
}

static void sendFault(uint8_t fault) {
  txBegin(F("FLT"));
  txFieldText(faultCode(fault));
  txEnd();
}

static void sendHello() {
  txBegin(F("HEL"));
  txFieldUint(kProtocolVersion);
  txFieldText(F(FIRMWARE_NAME));
  txEnd();
}

// ---------------------------------------------------------------------------------------------
// Motors and dead reckoning

static float clampUnit(float v) {
  return v > 1.0f ? 1.0f : (v < -1.0f ? -1.0f : v);
}

static float clampPose(float v) {
  return v > kPoseLimitM ? kPoseLimitM : (v < -kPoseLimitM ? -kPoseLimitM : v);
}

static float wrapAngle(float a) {
  while (a > PI) a -= TWO_PI;
  while (a < -PI) a += TWO_PI;
  return a;
}

// Reads the clock itself: callers hold older "now" values, and odomMs must never move backwards.
static void integrateOdometry() {
  const uint32_t now = millis();
  const float dt = (now - odomMs) * 0.001f;
  odomMs = now;
  if (leftCmd == 0.0f && rightCmd == 0.0f) return;
  const float vl = leftCmd * kMaxWheelSpeedMps;
  const float vr = rightCmd * kMaxWheelSpeedMps;
  const float v = 0.5f * (vl + vr);
  const float w = (vr - vl) / kTrackWidthM;
  // Midpoint heading: on an arc this is far closer than the heading at the start of the step.
  const float heading = poseYaw + 0.5f * w * dt;
  poseX = clampPose(poseX + v * cosf(heading) * dt);
  poseY = clampPose(poseY + v * sinf(heading) * dt);
  poseYaw = wrapAngle(poseYaw + w * dt);
}

static void driveSide(uint8_t pinEn, uint8_t pinA, uint8_t pinB, float command, bool invert) {
  // The enable goes low first so a direction change never passes through a driven wrong way.
  analogWrite(pinEn, 0);
  if (command == 0.0f) {
    digitalWrite(pinA, LOW);
    digitalWrite(pinB, LOW);
    return;
  }
  const bool forward = (command > 0.0f) != invert;
  digitalWrite(pinA, forward ? HIGH : LOW);
  digitalWrite(pinB, forward ? LOW : HIGH);
  const float magnitude = fabs(command);
  analogWrite(pinEn, kMinPwm + static_cast<uint8_t>(magnitude * (255 - kMinPwm) + 0.5f));
}

static void setMotors(float left, float right) {
  // The pose must absorb the old speeds up to this instant before they change.
  integrateOdometry();
  leftCmd = left;
  rightCmd = right;
  driveSide(kPinEnA, kPinIn1, kPinIn2, left, kInvertLeft);
  driveSide(kPinEnB, kPinIn3, kPinIn4, right, kInvertRight);
}

// Every stop that is not a timed move running out: no DON follows, because the move did not finish.
static void stopMotion() {
  timedMove = false;
  setMotors(0.0f, 0.0f);
}

static bool moving() {
  return leftCmd != 0.0f || rightCmd != 0.0f;
}

// ---------------------------------------------------------------------------------------------
// Faults: a fault stops the rover and refuses MOV (NAK FAULT) while active. It clears by itself
// once its cause is gone (see README), and the rover stays still until the next MOV.

static void raiseFault(uint8_t fault) {
  if (activeFaults & fault) return;
  activeFaults |= fault;
  stopMotion();
  sendFault(fault);
}

static void clearFault(uint8_t fault) {
  activeFaults &= static_cast<uint8_t>(~fault);
}

// A host that comes back after the deadman tripped may have restarted and missed the FLT.
static void repeatFaults() {
  for (uint8_t fault = 1; fault <= kFaultSensor; fault <<= 1) {
    if (activeFaults & fault) sendFault(fault);
  }
}

static bool heldFor(bool condition, Debounce &d, uint32_t now, uint16_t ms) {
  if (!condition) {
    d.armed = false;
    return false;
  }
  if (!d.armed) {
    d.armed = true;
    d.sinceMs = now;
  }
  return now - d.sinceMs >= ms;
}

// ---------------------------------------------------------------------------------------------
// Receive and parse. Every check of docs/serial-protocol.md "Frames" is applied; anything off is
// dropped and counted, never answered.

static void noteDrop() {
  if (droppedSinceTel < 255) ++droppedSinceTel;
}

static bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// \d{1,5}, at most max.
static bool parseUint(const char *s, uint8_t len, uint16_t max, uint16_t &out) {
  if (len < 1 || len > 5) return false;
  uint32_t value = 0;
  for (uint8_t i = 0; i < len; ++i) {
    if (!isDigit(s[i])) return false;
    value = value * 10 + static_cast<uint8_t>(s[i] - '0');
  }
  if (value > max) return false;
  out = static_cast<uint16_t>(value);
  return true;
}

// -?\d{1,7}(\.\d{1,6})? within [-1, 1], in millionths.
static bool parseUnit(const char *s, uint8_t len, int32_t &out) {
  uint8_t i = 0;
  const bool negative = len > 0 && s[0] == '-';
  if (negative) ++i;
  const uint8_t intStart = i;
  uint8_t whole = 0;
  while (i < len && isDigit(s[i])) {
    // Saturate: anything above 1 is out of range anyway, and 7 digits would overflow a uint8_t.
    if (whole <= 1) whole = static_cast<uint8_t>(whole * 10 + (s[i] - '0'));
    ++i;
  }
  const uint8_t intDigits = i - intStart;
  if (intDigits < 1 || intDigits > 7) return false;
  int32_t fraction = 0;
  if (i < len) {
    if (s[i] != '.') return false;
    ++i;
    const uint8_t fracStart = i;
    int32_t place = 100000;
    while (i < len && isDigit(s[i])) {
      fraction += (s[i] - '0') * place;
      place /= 10;
      ++i;
    }
    const uint8_t fracDigits = i - fracStart;
    if (fracDigits < 1 || fracDigits > 6 || i != len) return false;
  }
  if (whole > 1) return false;
  const int32_t magnitude = static_cast<int32_t>(whole) * 1000000L + fraction;
  if (magnitude > 1000000L) return false;
  out = negative ? -magnitude : magnitude;
  return true;
}

static bool parseFrame(const char *s, uint8_t len, HostFrame &frame) {
  if (len < 4 || s[0] != '$' || s[len - 3] != '*') return false;
  const uint8_t bodyEnd = len - 3;  // index of '*'
  uint8_t sum = 0;
  for (uint8_t i = 0; i < len; ++i) {
    const uint8_t c = static_cast<uint8_t>(s[i]);
    if (c < 0x20 || c > 0x7E) return false;
    if (i >= 1 && i < bodyEnd) {
      if (c == '$' || c == '*') return false;
      sum ^= c;
    }
  }
  // Upper-case hex only: "*4e" is as wrong as a bad sum.
  if (s[len - 2] != hexDigit(sum >> 4) || s[len - 1] != hexDigit(sum & 0x0F)) return false;

  // TYPE, SEQ and at most three fields; more than that fits no host frame.
  const uint8_t kMaxTokens = 5;
  const char *token[kMaxTokens];
  uint8_t tokenLen[kMaxTokens];
  uint8_t tokens = 0;
  uint8_t start = 1;
  for (uint8_t i = 1; i <= bodyEnd; ++i) {
    if (i == bodyEnd || s[i] == ',') {
      if (tokens == kMaxTokens) return false;
      token[tokens] = s + start;
      tokenLen[tokens] = i - start;
      ++tokens;
      start = i + 1;
    }
  }
  if (tokens < 2 || tokenLen[0] != 3) return false;

  uint8_t command = kCmdCount;
  for (uint8_t c = 0; c < kCmdCount; ++c) {
    if (strncmp_P(token[0], kHostTypes + 3 * c, 3) == 0) {
      command = c;
      break;
    }
  }
  if (command == kCmdCount) return false;
  if (!parseUint(token[1], tokenLen[1], 65535, frame.seq)) return false;

  const uint8_t fields = tokens - 2;
  frame.command = command;
  if (command != kCmdMov) return fields == 0;
  return fields == 3 && parseUnit(token[2], tokenLen[2], frame.forwardMicro) &&
         parseUnit(token[3], tokenLen[3], frame.turnMicro) &&
         parseUint(token[4], tokenLen[4], kMaxDurationMs, frame.durationMs);
}

static void startMove(const HostFrame &frame) {
  const float forward = frame.forwardMicro * 1.0e-6f;
  const float turn = frame.turnMicro * 1.0e-6f;
  setMotors(clampUnit(forward - turn), clampUnit(forward + turn));
  timedMove = frame.durationMs > 0;
  moveStartMs = millis();
  moveDurationMs = frame.durationMs;
  moveHostSeq = frame.seq;
}

// Exactly one ACK or NAK per valid frame; the action happens before the ACK, because the host
// treats the ACK as "executed".
static void execute(const HostFrame &frame) {
  switch (frame.command) {
    case kCmdMov:
      if (estopLatched || activeFaults || lowBattery) {
        // The motors are already off under ESTOP and FAULT; under LOWBAT an older move may still
        // run, and it must not outlive the newer command the operator cannot have.
        stopMotion();
        sendNak(frame.seq, estopLatched ? F("ESTOP") : activeFaults ? F("FAULT") : F("LOWBAT"));
      } else {
        startMove(frame);
        sendAck(frame.seq);
      }
      return;
    case kCmdStp:
      stopMotion();
      break;
    case kCmdEst:
      stopMotion();
      estopLatched = true;
      break;
    case kCmdRes:
      // Motors are already off if the latch was set; no motion resumes until the next MOV.
      estopLatched = false;
      break;
    case kCmdCal:
      integrateOdometry();
      poseX = poseY = poseYaw = 0.0f;
      break;
    default:  // HBT: being valid was the point, and that already fed the deadman
      break;
  }
  sendAck(frame.seq);
}

static void handleLine(uint8_t len) {
  if (rxBuf[len - 1] == '\r') --len;
  HostFrame frame;
  if (len > kMaxFrameBytes || !parseFrame(rxBuf, len, frame)) {
    noteDrop();
    return;
  }
  lastHostFrameMs = millis();
  const bool hostReturned = hostTimedOut;
  hostTimedOut = false;
  execute(frame);
  if (hostReturned) repeatFaults();
}

static void pollSerial() {
  while (Serial.available() > 0) {
    const char c = static_cast<char>(Serial.read());
    if (c == '\n') {
      if (rxOverflow) {
        noteDrop();
      } else if (rxLen > 0) {
        handleLine(rxLen);
      }
      rxLen = 0;
      rxOverflow = false;
    } else if (rxOverflow) {
      // Discard the rest of an overlong line; it was counted once when it reached '\n'.
    } else if (rxLen < sizeof rxBuf) {
      rxBuf[rxLen++] = c;
    } else {
      rxOverflow = true;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Timers

static void serviceDeadman(uint32_t now) {
  if (!hostTimedOut && now - lastHostFrameMs >= kDeadmanMs) {
    hostTimedOut = true;
    stopMotion();
  }
}

static void serviceTimedMove(uint32_t now) {
  if (timedMove && now - moveStartMs >= moveDurationMs) {
    stopMotion();
    sendDone(moveHostSeq);
  }
}

// ---------------------------------------------------------------------------------------------
// Battery, current, temperature. The ADC is shared: the die temperature needs the 1.1 V reference,
// and A0/A1 need AVcc, so a small state machine keeps each reading on a settled reference without
// ever blocking the loop for the settling time.

static float adcVolts(uint8_t pin) {
  uint16_t raw = 0;
  for (uint8_t i = 0; i < 4; ++i) raw += analogRead(pin);  // PWM noise on the supply averages out
  return raw * (kAdcRefV / (4.0f * 1024.0f));
}

static void sampleBattery(bool first) {
  const float v = adcVolts(kPinBattery) * kBattDividerRatio;
  battV = first ? v : battV + kBattFilter * (v - battV);
}

static uint8_t batteryPercent() {
  const float pct = (battV - kBattEmptyV) * 100.0f / (kBattFullV - kBattEmptyV);
  if (pct <= 0.0f) return 0;
  if (pct >= 100.0f) return 100;
  return static_cast<uint8_t>(pct + 0.5f);
}

static void checkBattery(uint32_t now) {
  const bool critical = heldFor(battV < kBattCriticalV, dbBattCritical, now, kBattDebounceMs);
  const bool low = heldFor(battV < kBattLowV, dbBattLow, now, kBattDebounceMs);
  const bool recovered = heldFor(battV >= kBattRecoverV, dbBattRecovered, now, kBattDebounceMs);
  if (critical) {
    raiseFault(kFaultBattery);
  } else if (recovered) {
    clearFault(kFaultBattery);
  }
  if (low) {
    lowBattery = true;
  } else if (recovered) {
    lowBattery = false;
  }
}

#if ROVER_CURRENT_SENSE
static void sampleCurrent(uint32_t now) {
  const float amps = (adcVolts(kPinCurrent) - kCurrentZeroV) / kCurrentVPerA;
  currentA += kCurrentFilter * (amps - currentA);
  if (heldFor(fabs(currentA) > kOvercurrentA, dbOvercurrent, now, kOvercurrentMs)) {
    raiseFault(kFaultOvercurrent);
    overcurrentMs = now;  // a sensor that still reads high with the motors off keeps the fault
  } else if ((activeFaults & kFaultOvercurrent) && now - overcurrentMs >= kOvercurrentCooldownMs) {
    clearFault(kFaultOvercurrent);
  }
}
#endif

static uint16_t convertNow() {
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {
  }
  return ADCW;
}

static void readDieTemperature() {
  (void)convertNow();  // the first conversion after a mux/reference change is unreliable
  const float c = (convertNow() - kTempOffsetLsb) / kTempLsbPerC;
  // Clamped to the chip's rated range, which also keeps the field inside the protocol's bounds.
  const float clamped = c < -40.0f ? -40.0f : (c > 125.0f ? 125.0f : c);
  tempC = haveTemp ? tempC + 0.5f * (clamped - tempC) : clamped;
  haveTemp = true;
  if (tempC > kOvertempC) {
    raiseFault(kFaultOvertemp);
  } else if (tempC < kOvertempClearC) {
    clearFault(kFaultOvertemp);
  }
}

static void serviceAdc(uint32_t now) {
  switch (adcPhase) {
    case kAdcNormal:
      if (now - lastTempMs >= kTempPeriodMs) {
        lastTempMs = now;
        ADMUX = _BV(REFS1) | _BV(REFS0) | _BV(MUX3);  // 1.1 V reference, temperature channel
        adcPhase = kAdcTempSettle;
        adcPhaseMs = now;
      } else if (now - lastSenseMs >= kSensePeriodMs) {
        lastSenseMs = now;
        sampleBattery(false);
        checkBattery(now);
#if ROVER_CURRENT_SENSE
        sampleCurrent(now);
#endif
      }
      break;
    case kAdcTempSettle:
      if (now - adcPhaseMs >= kTempRefSettleMs) {
        readDieTemperature();
        ADMUX = _BV(REFS0);  // back to AVcc, which analogRead also selects
        adcPhase = kAdcAvccSettle;
        adcPhaseMs = now;
      }
      break;
    case kAdcAvccSettle:
      if (now - adcPhaseMs >= kAvccRefSettleMs) {
        (void)analogRead(kPinBattery);
        adcPhase = kAdcNormal;
      }
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// HC-SR04: the interrupt stamps both edges of the echo; the loop triggers a ping every 60 ms and
// reads the previous one's result, so nothing ever waits for sound to travel.

static void onEchoEdge() {
  const uint32_t now = micros();
  if (digitalRead(kPinEcho) == HIGH) {
    if (echoState == kEchoArmed) {
      echoRiseUs = now;
      echoState = kEchoRose;
    }
  } else if (echoState == kEchoRose) {
    echoWidthUs = now - echoRiseUs;
    echoState = kEchoDone;
  }
}

static void servicePing(uint32_t now) {
  if (now - lastPingMs < kPingPeriodMs) return;
  lastPingMs = now;

  if (pingOutstanding) {
    noInterrupts();
    const EchoState state = echoState;
    const uint32_t widthUs = echoWidthUs;
    interrupts();
    if (state == kEchoDone) {
      pingMisses = 0;
      const float metres = widthUs * kMetresPerEchoUs;
      obstacleM = metres <= kMaxRangeM ? metres : -1.0f;
    } else if (state == kEchoRose) {
      pingMisses = 0;  // still high after 60 ms: the module's "nothing in range" timeout
      obstacleM = -1.0f;
    } else {
      ++pingMisses;
      obstacleM = -1.0f;
    }
    pingOutstanding = false;
  }

  if (digitalRead(kPinEcho) == HIGH) {
    // The module is still busy with the last ping (or absent, reading the pull-up).
    if (pingMisses < 255) ++pingMisses;
  } else {
    echoState = kEchoArmed;
    digitalWrite(kPinTrig, HIGH);
    delayMicroseconds(10);
    digitalWrite(kPinTrig, LOW);
    pingOutstanding = true;
  }

  if (pingMisses >= kSensorFailurePings) {
    obstacleM = -1.0f;
    raiseFault(kFaultSensor);
  } else if (pingMisses == 0) {
    clearFault(kFaultSensor);
  }
}

// ---------------------------------------------------------------------------------------------
// Telemetry. Widest possible line, for the 120-byte limit: "$TEL," 5 + seq 5 + x,y 9 each +
// z,pitch,roll 5 each + yaw 6 + 4 wheels 5 each + battV 5 + pct 3 + temp 5 + current 6 +
// obstacle 5 + flags 2 + 16 more commas + "*hh" 3 = 114. The clamps on pose, temperature and
// yaw, and a top wheel speed under 10 m/s, are what hold every field to those widths.

static void sendTelemetry() {
  integrateOdometry();
  uint8_t flags = 0;
  if (estopLatched) flags |= kFlagEstop;
  if (moving()) flags |= kFlagMoving;
  if (hostTimedOut) flags |= kFlagHostTimeout;
  if (droppedSinceTel > 0) flags |= kFlagDropped;
  droppedSinceTel = 0;

  const float left = leftCmd * kMaxWheelSpeedMps;
  const float right = rightCmd * kMaxWheelSpeedMps;
  txBegin(F("TEL"));
  txFieldFixed(poseX, 3);
  txFieldFixed(poseY, 3);
  txFieldFixed(0.0f, 3);  // z: no altimeter
  txFieldFixed(0.0f, 3);  // pitch and roll: no IMU
  txFieldFixed(0.0f, 3);
  txFieldFixed(poseYaw, 3);
  txFieldFixed(left, 2);  // fl, fr, rl, rr: each side's front and rear wheels share a channel
  txFieldFixed(right, 2);
  txFieldFixed(left, 2);
  txFieldFixed(right, 2);
  txFieldFixed(battV, 2);
  txFieldUint(batteryPercent());
  txFieldFixed(tempC, 1);
  txFieldFixed(currentA, 2);
  if (obstacleM < 0.0f) {
    txFieldText(F("-1"));
  } else {
    txFieldFixed(obstacleM, 3);
  }
  txFieldUint(flags);
  txEnd();
}

// ---------------------------------------------------------------------------------------------

void setup() {
  // The bridge first: until these run the pins float and an L298N may see a floating enable.
  pinMode(kPinEnA, OUTPUT);
  pinMode(kPinEnB, OUTPUT);
  pinMode(kPinIn1, OUTPUT);
  pinMode(kPinIn2, OUTPUT);
  pinMode(kPinIn3, OUTPUT);
  pinMode(kPinIn4, OUTPUT);
  stopMotion();

  pinMode(kPinTrig, OUTPUT);
  digitalWrite(kPinTrig, LOW);
  pinMode(kPinEcho, INPUT_PULLUP);  // an unplugged sensor then reads "stuck high", not noise
  attachInterrupt(digitalPinToInterrupt(kPinEcho), onEchoEdge, CHANGE);

  Serial.begin(kBaud);
  sampleBattery(true);

  const uint32_t now = millis();
  odomMs = now;
  lastHostFrameMs = now;
  lastSenseMs = now;
  lastTempMs = now - kTempPeriodMs;  // first die temperature right away
  lastPingMs = now - kPingPeriodMs;
  lastTelMs = now;
  sendHello();
}

void loop() {
  pollSerial();
  // Read after pollSerial, which may have just set lastHostFrameMs: "now" must not precede it.
  const uint32_t now = millis();
  serviceDeadman(now);
  serviceTimedMove(now);
  servicePing(now);
  serviceAdc(now);
  if (millis() - odomMs >= kOdometryPeriodMs) integrateOdometry();
  if (now - lastTelMs >= kTelemetryPeriodMs) {
    lastTelMs += kTelemetryPeriodMs;
    if (now - lastTelMs >= kTelemetryPeriodMs) lastTelMs = now;  // fell behind: skip, do not burst
    sendTelemetry();
  }
}
