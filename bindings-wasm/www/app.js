// The verifier page: reads the dropped or picked file in the browser, verifies it with the WASM
// build of hocba, and says what the result means. All checking is the library's; this file only
// words it (Vietnamese first, English on request). Nothing is sent anywhere (see the CSP).
import init, { verify, version } from './pkg/hocba_wasm.js';

const TEXT = {
  vi: {
    title: 'Kiểm tra học bạ số',
    switchTo: 'English',
    privacy: 'Tệp được kiểm tra ngay trên máy này. Không có gì được gửi đi; sau khi trang đã tải xong, có thể kiểm tra cả khi không có mạng.',
    pickHeading: '1. Chọn tệp học bạ (XML)',
    dropHint: 'Kéo thả tệp học bạ vào đây, hoặc',
    pickButton: 'Chọn tệp học bạ…',
    trustHeading: '2. Chứng thư số tin cậy',
    trustHint: 'Chỉ chữ ký của người có chứng thư nằm trong danh sách này mới được coi là hợp lệ. Thêm chứng thư (.pem, .crt, .cer) của giáo viên, hiệu trưởng hoặc nhà trường mà bạn tin cậy.',
    trustNote: 'Phiên bản này chưa kiểm tra chuỗi chứng thư đến gốc của Chính phủ và tình trạng thu hồi.',
    addCertificates: 'Thêm chứng thư tin cậy…',
    noTrusted: 'Chưa có chứng thư tin cậy nào.',
    remove: 'Bỏ',
    removeLabel: (name) => `Bỏ chứng thư ${name}`,
    resultHeading: '3. Kết quả',
    footer: 'hocba — thư viện mã nguồn mở kiểm tra học bạ số.',
    file: (name) => `Tệp: ${name}`,
    valid: ['Hợp lệ', 'Học bạ mang chữ ký số của người ký tin cậy, và nội dung không bị thay đổi sau khi ký.'],
    invalid: ['Không hợp lệ', 'Không dùng được học bạ này: chữ ký số không khớp với nội dung hoặc bị sai. Lý do ở bên dưới.'],
    indeterminate: ['Không xác định được', 'Chữ ký khớp với nội dung, nhưng chưa xác định được người ký có đáng tin cậy hay không. Hãy thêm chứng thư tin cậy của người ký rồi kiểm tra lại.'],
    unreadable: ['Không đọc được tệp', 'Tệp này không phải là tệp học bạ XML, nên không kiểm tra được.'],
    badCertificate: ['Không đọc được chứng thư', 'Một chứng thư trong danh sách tin cậy không đọc được. Hãy bỏ nó ra rồi kiểm tra lại.'],
    problemsHeading: 'Vì sao',
    signaturesHeading: (n) => `Chữ ký số (${n})`,
    technical: 'Chi tiết kỹ thuật',
    at: (line, column) => `dòng ${line}, cột ${column}`,
    roles: { homeroom_teacher: 'Giáo viên chủ nhiệm', principal: 'Hiệu trưởng', other: 'Người ký' },
    signer: 'Người ký',
    organization: 'Đơn vị',
    place: 'Vị trí chữ ký',
    signedAt: 'Thời điểm ký',
    signedAtValue: (d, t) => `${t} ngày ${d} (giờ Việt Nam, do người ký ghi)`,
    notStated: 'không ghi',
    issuer: 'Cấp bởi',
    validity: 'Chứng thư có hiệu lực',
    validityValue: (from, to) => `từ ${from} đến ${to}`,
    trust: 'Tin cậy',
    trustedYes: 'Chứng thư có trong danh sách tin cậy',
    trustedNo: 'Chứng thư chưa có trong danh sách tin cậy',
    algorithm: 'Thuật toán',
    fingerprint: 'Dấu vân tay SHA-256',
    unknown: 'không rõ',
    loading: 'Đang tải bộ kiểm tra…',
    loadFailed: 'Không tải được bộ kiểm tra. Hãy tải lại trang.',
  },
  en: {
    title: 'Digital school transcript checker',
    switchTo: 'Tiếng Việt',
    privacy: 'The file is checked on this device. Nothing is sent anywhere; once the page has loaded, checking works offline too.',
    pickHeading: '1. Choose the transcript file (XML)',
    dropHint: 'Drop the transcript file here, or',
    pickButton: 'Choose a transcript…',
    trustHeading: '2. Trusted certificates',
    trustHint: 'Only signatures by holders of a certificate in this list count as valid. Add the certificates (.pem, .crt, .cer) of the teachers, principals or schools you trust.',
    trustNote: 'This version does not yet check the certificate chain up to the government root or revocation.',
    addCertificates: 'Add trusted certificates…',
    noTrusted: 'No trusted certificate yet.',
    remove: 'Remove',
    removeLabel: (name) => `Remove certificate ${name}`,
    resultHeading: '3. Result',
    footer: 'hocba — the open-source library for digital school transcripts.',
    file: (name) => `File: ${name}`,
    valid: ['Valid', 'The transcript carries the digital signatures of trusted signers, and nothing was changed after signing.'],
    invalid: ['Not valid', 'Do not accept this transcript: a digital signature does not match the content or is broken. The reasons are below.'],
    indeterminate: ['Cannot be determined', 'The signatures match the content, but whether the signers can be trusted is not known. Add the signer’s trusted certificate and check again.'],
    unreadable: ['The file cannot be read', 'This is not an XML transcript file, so it cannot be checked.'],
    badCertificate: ['A certificate cannot be read', 'A certificate in the trusted list cannot be read. Remove it and check again.'],
    problemsHeading: 'Why',
    signaturesHeading: (n) => `Digital signatures (${n})`,
    technical: 'Technical details',
    at: (line, column) => `line ${line}, column ${column}`,
    roles: { homeroom_teacher: 'Homeroom teacher', principal: 'Principal', other: 'Signer' },
    signer: 'Signed by',
    organization: 'Organization',
    place: 'Signature place',
    signedAt: 'Signed at',
    signedAtValue: (d, t) => `${d} ${t} (Vietnam time, as the signer states)`,
    notStated: 'not stated',
    issuer: 'Issued by',
    validity: 'Certificate valid',
    validityValue: (from, to) => `from ${from} to ${to}`,
    trust: 'Trust',
    trustedYes: 'The certificate is in the trusted list',
    trustedNo: 'The certificate is not in the trusted list',
    algorithm: 'Algorithm',
    fingerprint: 'SHA-256 fingerprint',
    unknown: 'unknown',
    loading: 'Loading the checker…',
    loadFailed: 'The checker could not be loaded. Please reload the page.',
  },
};

// Each problem code of the library, in words a school clerk understands.
const PROBLEMS = {
  vi: {
    digest_mismatch: 'Nội dung học bạ đã bị thay đổi sau khi ký.',
    bad_signature: 'Chữ ký không được tạo bằng chứng thư nào trong danh sách tin cậy, hoặc đã bị làm giả.',
    no_trusted_key: 'Chưa có chứng thư tin cậy nào để đối chiếu chữ ký.',
    signer_not_trusted: 'Chữ ký khớp với chứng thư đi kèm trong tệp, nhưng chứng thư đó không có trong danh sách tin cậy.',
    no_signature: 'Tệp không có chữ ký số nào.',
    weak_algorithm: 'Chữ ký dùng thuật toán cũ (SHA-1), không còn an toàn.',
    weak_key: 'Khóa của người ký quá ngắn, không còn đủ an toàn.',
    unsupported_algorithm: 'Chữ ký dùng thuật toán không được chấp nhận.',
    disallowed_algorithm: 'Chữ ký dùng thuật toán không được chấp nhận.',
    duplicate_id: 'Tệp có hai phần cùng mã định danh: dấu hiệu tệp bị chèn thêm nội dung để đánh lừa.',
    malformed_signature: 'Phần chữ ký trong tệp bị sai cấu trúc.',
    unexpected_place: 'Có chữ ký nằm sai chỗ trong tệp.',
    not_covered: 'Chữ ký không bao gồm phần dữ liệu học bạ.',
    misplaced: 'Phần dữ liệu đã ký bị dời sang chỗ khác trong tệp.',
    key_info: 'Thông tin chứng thư trong chữ ký không đọc được.',
    key_value_mismatch: 'Khóa ghi trong chữ ký không phải khóa đã tạo chữ ký (khóa bị tráo).',
    signing_time: 'Thời điểm ký ghi trong chữ ký không hợp lệ.',
    unresolved_reference: 'Chữ ký trỏ tới phần dữ liệu không có trong tệp.',
    unsupported_reference: 'Chữ ký trỏ tới dữ liệu nằm ngoài tệp, điều không được chấp nhận.',
    base64: 'Giá trị chữ ký trong tệp bị hỏng.',
    xml: 'Tệp không phải là XML hợp lệ.',
    invalid_certificate: 'Tệp chứng thư không đọc được: không phải chứng thư số dạng PEM hoặc DER.',
  },
  en: {
    digest_mismatch: 'The transcript’s content was changed after it was signed.',
    bad_signature: 'The signature was not made with any trusted certificate, or it was forged.',
    no_trusted_key: 'There is no trusted certificate to check the signature against.',
    signer_not_trusted: 'The signature matches the certificate carried in the file, but that certificate is not in the trusted list.',
    no_signature: 'The file has no digital signature.',
    weak_algorithm: 'The signature uses an old algorithm (SHA-1) that is no longer safe.',
    weak_key: 'The signer’s key is too short to be safe.',
    unsupported_algorithm: 'The signature uses an algorithm that is not accepted.',
    disallowed_algorithm: 'The signature uses an algorithm that is not accepted.',
    duplicate_id: 'Two parts of the file have the same identifier: a sign of content inserted to mislead.',
    malformed_signature: 'The signature part of the file is malformed.',
    unexpected_place: 'A signature is in the wrong place in the file.',
    not_covered: 'The signature does not cover the transcript data.',
    misplaced: 'The signed data was moved elsewhere in the file.',
    key_info: 'The certificate information in the signature cannot be read.',
    key_value_mismatch: 'The key written in the signature is not the key that made it (a swapped key).',
    signing_time: 'The signing time written in the signature is not valid.',
    unresolved_reference: 'The signature points at data that is not in the file.',
    unsupported_reference: 'The signature points at data outside the file, which is not accepted.',
    base64: 'A signature value in the file is damaged.',
    xml: 'The file is not valid XML.',
    invalid_certificate: 'The certificate file cannot be read: it is not a PEM or DER certificate.',
  },
};
const OTHER_PROBLEM = {
  vi: 'Chữ ký có cấu trúc không được chấp nhận (xem chi tiết kỹ thuật).',
  en: 'The signature has a form that is not accepted (see the technical details).',
};

let lang = 'vi';
const trusted = []; // { name, bytes }
let transcript = null; // { name, bytes }

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[lang][key];

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function problemText(code) {
  return PROBLEMS[lang][code] ?? OTHER_PROBLEM[lang];
}

function technical(problem) {
  const at = problem.line ? ` (${t('at')(problem.line, problem.column)})` : '';
  return element('details', {}, element('summary', {}, t('technical')), element('code', {}, `${problem.code}: ${problem.message}${at}`));
}

/** `YYYY-MM-DDThh:mm:ss+07:00` (the library's Vietnam time) as date and time for people. */
function vietnamTime(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})\+07:00$/.exec(text ?? '');
  return m ? t('signedAtValue')(`${m[3]}/${m[2]}/${m[1]}`, m[4]) : t('notStated');
}

const vietnamDate = (utc) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(utc));

function nameOf(name) {
  return [name.commonName, name.organization].filter(Boolean).join(', ') || t('unknown');
}

function signatureCard(signature) {
  const role = t('roles')[signature.role ?? 'other'];
  const subject = signature.signer?.subject;
  const rows = [
    [t('signer'), subject?.commonName ?? t('unknown')],
    [t('organization'), subject?.organization ?? t('unknown')],
    [t('signedAt'), vietnamTime(signature.claimedSigningTimeVietnam)],
    [t('trust'), element('span', { class: signature.trusted ? 'trusted-yes' : 'trusted-no' }, signature.trusted ? t('trustedYes') : t('trustedNo'))],
  ];
  if (signature.signer) {
    rows.push([t('issuer'), nameOf(signature.signer.issuer)]);
    rows.push([t('validity'), t('validityValue')(vietnamDate(signature.signer.notBefore), vietnamDate(signature.signer.notAfter))]);
  }
  const list = element('dl', {});
  for (const [term, value] of rows) list.append(element('dt', {}, term), element('dd', {}, value));
  const details = [
    `${t('place')}: ${signature.place || '/'} (${signature.position})`,
    `${t('algorithm')}: ${signature.algorithm} (${signature.key.type} ${signature.key.bits})`,
    signature.signer ? `${t('fingerprint')}: ${signature.signer.sha256}` : null,
    ...signature.warnings.map((w) => `${problemText(w.code)} (${w.code}: ${w.message})`),
  ].filter(Boolean);
  return element(
    'article',
    { class: 'signature' },
    element('h4', {}, `${role}${subject?.commonName ? `: ${subject.commonName}` : ''}`),
    list,
    ...signature.warnings.map((w) => element('p', { class: 'trusted-no' }, problemText(w.code))),
    element('details', {}, element('summary', {}, t('technical')), ...details.map((d) => element('p', {}, element('code', {}, d)))),
  );
}

/** What the page shows: a verdict banner, the problems, the signatures. */
let shown = null;
function render() {
  if (!shown) return;
  const section = $('result');
  section.hidden = false;
  const verdict = $('verdict');
  const [heading, explanation] = t(shown.banner);
  verdict.className = `verdict ${shown.kind}`;
  verdict.dataset.verdict = shown.kind;
  verdict.replaceChildren(element('h3', {}, heading), element('p', {}, explanation), element('p', { class: 'file-name' }, t('file')(shown.file)));
  const problems = $('problems');
  problems.replaceChildren();
  if (shown.problems.length > 0) {
    problems.append(
      element('h3', {}, t('problemsHeading')),
      element('ul', { class: 'problems' }, ...shown.problems.map((p) => element('li', { 'data-code': p.code }, problemText(p.code), technical(p)))),
    );
  }
  const signatures = $('signatures');
  signatures.replaceChildren();
  if (shown.signatures.length > 0) {
    signatures.append(element('h3', {}, t('signaturesHeading')(shown.signatures.length)), ...shown.signatures.map(signatureCard));
  }
}

function check() {
  if (!transcript) return;
  try {
    const result = verify(transcript.bytes, { trustedCertificates: trusted.map((c) => c.bytes) });
    shown = { kind: result.verdict, banner: result.verdict, file: transcript.name, problems: result.problems, signatures: result.signatures };
  } catch (error) {
    // Unusable input: not XML, or a trusted certificate that cannot be read.
    const certificate = error.code === 'invalid_certificate';
    shown = {
      kind: 'error',
      banner: certificate ? 'badCertificate' : 'unreadable',
      file: transcript.name,
      problems: [{ code: error.code ?? 'error', message: error.message, line: error.line, column: error.column }],
      signatures: [],
    };
  }
  render();
  $('result').focus();
}

async function readTranscript(file) {
  transcript = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  $('file-name').textContent = t('file')(file.name);
  check();
}

function renderTrusted() {
  const list = $('trusted-list');
  list.replaceChildren();
  if (trusted.length === 0) list.append(element('li', {}, t('noTrusted')));
  trusted.forEach((certificate, index) => {
    const remove = element('button', { type: 'button', 'aria-label': t('removeLabel')(certificate.name) }, t('remove'));
    remove.addEventListener('click', () => {
      trusted.splice(index, 1);
      renderTrusted();
      check();
    });
    list.append(element('li', {}, certificate.name, remove));
  });
}

function renderStatic() {
  document.documentElement.lang = lang;
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const button = $('language');
  button.textContent = t('switchTo');
  button.lang = lang === 'vi' ? 'en' : 'vi';
  if (transcript) $('file-name').textContent = t('file')(transcript.name);
  renderTrusted();
  render();
}

async function main() {
  $('file-name').textContent = t('loading');
  try {
    await init();
  } catch (error) {
    $('file-name').textContent = t('loadFailed');
    throw error;
  }
  $('file-name').textContent = '';
  $('version').textContent = `v${version()}`;
  $('language').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi';
    renderStatic();
  });
  $('transcript').addEventListener('change', (event) => {
    const [file] = event.target.files;
    if (file) readTranscript(file);
    event.target.value = '';
  });
  $('certificates').addEventListener('change', async (event) => {
    for (const file of event.target.files) trusted.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    event.target.value = '';
    renderTrusted();
    check();
  });
  // A file dropped anywhere on the page is the transcript; the browser must not open it instead.
  const zone = $('dropzone');
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) zone.classList.remove('dragging');
  });
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const [file] = event.dataTransfer?.files ?? [];
    if (file) readTranscript(file);
  });
  renderStatic();
  document.body.dataset.ready = 'true';
}

main();
