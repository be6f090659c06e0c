// The verifier page: reads the dropped or picked file in the browser, verifies it with the WASM
// build of hocba, and shows the library's report. Every verdict, problem and explanation is the
// library's (its findings carry Vietnamese and English words); this file only lays them out and
// labels them. Nothing is sent anywhere unless the user turns on the online revocation check
// (then only the CRL and OCSP requests the library names) or the download of new approval lists
// (then only the addresses a verified, stale list names; see the CSP and docs/wasm.md). A PDF
// copy is verified as the transcript embedded in it; a paper copy's QR code (camera, image or
// typed text) is checked against the file at hand by the library (`checkPaper`).
import init, {
  verify, checkPaper, decodeQr, maxQrPixels, revocationRequests, approvalListRequests, governmentRoots, codeLabels, version,
} from './pkg/hocba_wasm.js';

const TEXT = {
  vi: {
    title: 'Kiểm tra học bạ số',
    switchTo: 'English',
    privacy: 'Tệp được kiểm tra ngay trên máy này và không bao giờ được gửi đi. Sau khi trang đã tải xong, có thể kiểm tra cả khi không có mạng. Trang chỉ gửi yêu cầu lên mạng khi bạn bật “Kiểm tra thu hồi trực tuyến” ở mục 2 hoặc “Tải bản mới của danh sách phê duyệt” ở mục 3.',
    pickHeading: '1. Chọn tệp học bạ (XML, hoặc PDF bản giấy)',
    dropHint: 'Kéo thả tệp học bạ (XML hoặc PDF) vào đây, hoặc',
    pickButton: 'Chọn tệp học bạ…',
    trustHeading: '2. Gốc tin cậy và dữ liệu thu hồi',
    trustHint: 'Chữ ký chỉ hợp lệ khi chứng thư của người ký nối được tới một chứng thư gốc tin cậy và chưa bị thu hồi. Mặc định, trang tin các chứng thư gốc của Chính phủ có sẵn trong thư viện:',
    anchorsHint: 'Có thể thêm chứng thư gốc khác mà bạn tin cậy (.pem, .crt, .cer), ví dụ của hệ thống thử nghiệm.',
    addCertificates: 'Thêm chứng thư gốc tin cậy…',
    revocationHint: 'Tình trạng thu hồi được kiểm tra bằng dữ liệu gắn trong chữ ký, và bằng các tệp danh sách thu hồi (CRL) hoặc phản hồi OCSP mà bạn thêm vào đây. Trang không tự gửi yêu cầu nào lên mạng, trừ khi bạn bật lựa chọn kiểm tra trực tuyến dưới đây.',
    addRevocation: 'Thêm tệp CRL hoặc OCSP…',
    policyLabel: 'Khi không biết tình trạng thu hồi:',
    policyRequire: 'coi là không xác định được (khuyến nghị)',
    policySoftFail: 'chỉ cảnh báo',
    policyOff: 'không kiểm tra thu hồi',
    onlineLabel: 'Kiểm tra thu hồi trực tuyến (gửi số sê-ri chứng thư đến máy chủ của CA)',
    onlineHint: 'Khi bật, trang hỏi máy chủ của tổ chức cấp chứng thư số (CA) mà chứng thư ghi địa chỉ: tải danh sách thu hồi (CRL) và gửi yêu cầu OCSP gồm số sê-ri chứng thư của người ký cùng mã băm tên và khoá của CA. Máy chủ đó biết máy này đã hỏi về chứng thư nào, vào lúc nào. Tệp học bạ không bao giờ được gửi đi.',
    checking: ['Đang hỏi máy chủ của CA…', 'Đang hỏi tình trạng thu hồi chứng thư của người ký. Việc này mất tối đa vài giây.'],
    onlineHeading: 'Kiểm tra thu hồi trực tuyến',
    onlineKinds: { crl: 'Tải danh sách thu hồi (CRL)', ocsp: 'Hỏi OCSP' },
    onlineFor: (names) => `cho chứng thư của ${names}`,
    fetchOk: 'đã nhận câu trả lời',
    fetchFailed: {
      network: 'không hỏi được: máy chủ không trả lời, hoặc không cho phép trang web đọc câu trả lời (nhiều máy chủ của CA chưa cho phép). Hãy thử lại sau, hoặc tải tệp CRL về máy rồi thêm ở trên.',
      timeout: (s) => `không hỏi được: máy chủ không trả lời sau ${s} giây.`,
      status: (code) => `không hỏi được: máy chủ báo lỗi (mã ${code}).`,
      tooLarge: (mb) => `không dùng: câu trả lời lớn hơn ${mb} MB.`,
      unreadable: 'không dùng: câu trả lời không phải là CRL hoặc phản hồi OCSP đọc được.',
      insecure: 'không hỏi được: trang được mở qua https nên trình duyệt chặn địa chỉ http này. Hãy tải tệp CRL về máy rồi thêm ở trên.',
    },
    onlineFailedNote: 'Vì không hỏi được máy chủ nên tình trạng thu hồi vẫn chưa biết; kết luận giữ là “không xác định được”, không phải “hợp lệ”.',
    remove: 'Bỏ',
    removeLabel: (name) => `Bỏ tệp ${name}`,
    rootValidity: (from, to) => `hiệu lực ${from} – ${to}`,
    resultHeading: '4. Kết quả',
    footer: 'hocba — thư viện mã nguồn mở kiểm tra học bạ số.',
    guide: 'Hướng dẫn sử dụng trang',
    file: (name) => `Tệp: ${name}`,
    valid: ['Hợp lệ', 'Học bạ mang chữ ký số của người ký có chứng thư tin cậy, chưa bị thu hồi, và nội dung không bị thay đổi sau khi ký.'],
    invalid: ['Không hợp lệ', 'Không dùng được học bạ này. Lý do ở bên dưới.'],
    undetermined: ['Không xác định được', 'Không thấy sai sót, nhưng chưa đủ thông tin để kết luận (thường là chưa biết chứng thư của người ký có bị thu hồi hay không). Lý do ở bên dưới.'],
    unreadable: ['Không đọc được tệp', 'Tệp này không phải là tệp học bạ XML, nên không kiểm tra được.'],
    unreadablePdf: ['Không đọc được tệp PDF', 'Không lấy được học bạ số đính kèm trong tệp PDF này, nên không kiểm tra được.'],
    fromPdf: 'Tệp PDF bản giấy; học bạ số đính kèm trong tệp được kiểm tra.',
    paperHeading: '5. Kiểm tra bản giấy',
    paperHint: 'Bản giấy (hoặc tệp PDF) in từ học bạ số có mã QR trên mỗi trang và mã xác minh in ở chân trang. Quét mã QR bằng camera, chọn ảnh chụp mã QR hoặc kéo thả ảnh vào mục này, hoặc gõ mã xác minh: trang cho biết bản giấy có đúng là bản thể hiện của học bạ số đã chọn ở mục 1 hay không. Ảnh và mã không được gửi đi.',
    scanQr: 'Quét mã QR',
    pickQrImage: 'Chọn ảnh mã QR…',
    stopCamera: 'Dừng camera',
    qrTextLabel: 'Mã xác minh (chữ in dưới mã QR, bắt đầu bằng HOCBA1):',
    checkQrText: 'Đối chiếu',
    qrStatus: {
      reading: 'Đang đọc mã QR trong ảnh…',
      scanning: 'Đưa mã QR trên bản giấy vào trước camera.',
      noCode: 'Không tìm thấy mã QR trong ảnh. Hãy chụp lại gần hơn, rõ nét và đủ sáng, hoặc gõ mã xác minh.',
      badImage: 'Không mở được ảnh này.',
      tooBig: (mb) => `Ảnh lớn hơn ${mb} MB; hãy chọn ảnh nhỏ hơn.`,
      noCamera: 'Không dùng được camera: trình duyệt không cho phép, hoặc máy không có camera. Hãy chọn ảnh mã QR hoặc gõ mã xác minh.',
      read: { camera: 'Đã đọc mã QR từ camera.', image: (name) => `Đã đọc mã QR trong ảnh ${name}.`, typed: 'Mã xác minh đã gõ.' },
    },
    paper: {
      belongs: 'BẢN GIẤY KHỚP',
      'not-valid': 'BẢN GIẤY KHÔNG CÓ GIÁ TRỊ',
      mismatch: 'BẢN GIẤY KHÔNG KHỚP',
      malformed: 'MÃ XÁC MINH KHÔNG ĐÚNG DẠNG',
      'no-file': 'CHƯA CÓ TỆP HỌC BẠ ĐỂ ĐỐI CHIẾU',
      error: 'KHÔNG ĐỐI CHIẾU ĐƯỢC',
    },
    paperNoFile: 'Chọn hoặc kéo thả tệp học bạ số (XML hoặc PDF) ở mục 1; trang sẽ đối chiếu bản giấy với tệp đó.',
    paperUnreadable: 'Không đọc được tệp học bạ ở mục 1 (lý do ở mục 4).',
    paperReference: (text) => `Mã xác minh: ${text}`,
    badFile: ['Không đọc được tệp đã thêm', 'Một tệp chứng thư, CRL hoặc OCSP đã thêm không đọc được. Hãy bỏ nó ra rồi kiểm tra lại.'],
    problemsHeading: 'Vì sao',
    warningsHeading: 'Lưu ý',
    signaturesHeading: (n) => `Chữ ký số (${n})`,
    yearSignatures: (year, n, counts) => `Năm học ${year}: ${n} chữ ký — ${counts}`,
    otherSignatures: 'Chữ ký khác',
    technical: 'Chi tiết kỹ thuật',
    at: (line, column) => `dòng ${line}, cột ${column}`,
    signerFallback: 'Người ký',
    signer: 'Người ký',
    role: 'Vai trò',
    organization: 'Đơn vị',
    jobTitle: 'Chức danh',
    signedAt: 'Thời điểm ký',
    timeSource: {
      'time-stamp': (authority) => `được chứng thực bởi dấu thời gian của ${authority}`,
      'archive-time-stamp': (authority) => `chữ ký đã tồn tại từ thời điểm này, chứng thực bởi dấu thời gian lưu trữ của ${authority}`,
      claimed: () => 'do người ký tự ghi, không có dấu thời gian chứng thực',
      'verification-time': () => 'không rõ; chữ ký được xét tại thời điểm kiểm tra',
    },
    claimedJudgedNow: (claimed, now) =>
      `${claimed}, do người ký tự ghi, không có dấu thời gian chứng thực; chữ ký được xét tại thời điểm kiểm tra (${now})`,
    chain: 'Chuỗi chứng thư (từ người ký đến gốc)',
    chainEmpty: 'Không nối được tới chứng thư gốc tin cậy nào.',
    validFromTo: (from, to) => `hiệu lực ${from} – ${to}`,
    revocation: 'Tình trạng thu hồi',
    revocationNone: 'Không có',
    status: {
      good: 'chưa bị thu hồi',
      revoked: (time, reason) => `ĐÃ BỊ THU HỒI lúc ${time} (lý do: ${reason})`,
      unknown: (why) => `không xác định được (${why})`,
      'not-checked': 'không kiểm tra',
    },
    source: (kind, origin, updated) => `nguồn: ${kind}, ${origin}, cập nhật ${updated}`,
    origins: { supplied: 'tệp bạn thêm', embedded: 'gắn trong chữ ký' },
    fetchedFrom: (url) => `hỏi trực tuyến tại ${url}`,
    notAsked: (url, why) => `Máy chủ ${url}: ${why}`,
    signatureVerdict: 'Kết quả chữ ký',
    verdictWord: { valid: 'hợp lệ', invalid: 'không hợp lệ', undetermined: 'không xác định được' },
    studentHeading: 'Học sinh',
    studentName: 'Họ và tên',
    birthDate: 'Ngày sinh',
    gender: 'Giới tính',
    studentId: 'Mã định danh',
    level: 'Cấp học',
    schoolYears: 'Các năm học',
    notValidContent: 'Nội dung dưới đây là những gì tệp ghi, KHÔNG được xác nhận vì học bạ không hợp lệ hoặc chưa xác định được.',
    withdrawn: 'Nơi gửi đã thu hồi học bạ này.',
    transcriptHeading: 'Nội dung học bạ',
    yearHeading: (year, grade, klass, school) => `Năm học ${year} — Khối ${grade}, lớp ${klass} — ${school}`,
    homeroom: 'Giáo viên chủ nhiệm',
    principal: 'Hiệu trưởng',
    subject: 'Môn học',
    term1: 'Học kỳ I',
    term2: 'Học kỳ II',
    wholeYear: 'Cả năm',
    exempt: 'miễn',
    periodic: ['Giữa HK I', 'Cuối HK I', 'Giữa HK II', 'Cuối năm'],
    levelShort: 'mức đạt',
    scoreShort: 'điểm KT',
    learning: 'Kết quả học tập',
    conduct: 'Kết quả rèn luyện',
    titleAward: 'Danh hiệu',
    promoted: 'Được lên lớp',
    yes: 'có',
    no: 'không',
    result: 'Kết quả giáo dục',
    teacherComment: 'Nhận xét của GVCN',
    unknown: 'không rõ',
    loading: 'Đang tải bộ kiểm tra…',
    loadFailed: 'Không tải được bộ kiểm tra. Hãy tải lại trang.',
    approvalsHeading: '3. Danh sách phê duyệt người ký',
    approvalsHint: 'Cơ quan quản lý trường (với trường tiểu học và trung học cơ sở là Phòng Văn hóa - Xã hội cấp xã) phát hành danh sách phê duyệt: những chứng thư số được ký học bạ cho từng trường, với vai trò nào, từ khi nào. Thêm tệp danh sách (XML có chữ ký số) để trang kiểm tra từng người ký đã được phê duyệt hay chưa.',
    addApprovals: 'Thêm tệp danh sách phê duyệt…',
    authoritiesHint: 'Trang chỉ dùng danh sách do cơ quan quản lý mà bạn tin cậy ký. Thêm chứng thư số của cơ quan đó (.pem, .crt, .cer), hoặc dấu vân tay SHA-256 của chứng thư.',
    addAuthorities: 'Thêm chứng thư của cơ quan quản lý…',
    fingerprintLabel: 'Dấu vân tay SHA-256 của chứng thư cơ quan quản lý:',
    addFingerprint: 'Thêm dấu vân tay',
    fingerprintInvalid: 'Dấu vân tay SHA-256 gồm 64 chữ số hệ mười sáu (0–9, a–f), có thể cách nhau bằng dấu hai chấm hoặc dấu cách.',
    fingerprintItem: (hex) => `Dấu vân tay SHA-256 ${hex}`,
    needAuthority: 'Chưa có chứng thư hoặc dấu vân tay của cơ quan quản lý nên chưa dùng được danh sách nào. Hãy thêm ở trên.',
    approvalPolicyLabel: 'Khi danh sách không đủ để kết luận (không có danh sách cho trường, danh sách đã quá hạn cập nhật, các danh sách mâu thuẫn):',
    approvalPolicyRequire: 'coi là không xác định được (khuyến nghị)',
    approvalPolicySoftFail: 'chỉ cảnh báo',
    approvalPolicyOff: 'không kiểm tra phê duyệt',
    onlineApprovalsLabel: 'Tải bản mới của danh sách phê duyệt khi bản đang có đã quá hạn cập nhật',
    onlineApprovalsHint: 'Khi bật, nếu một danh sách đã quá hạn cập nhật, trang tải bản mới từ địa chỉ công bố mà cơ quan quản lý ghi trong danh sách đó. Máy chủ đó biết máy này đã tải danh sách, vào lúc nào. Tệp học bạ không bao giờ được gửi đi.',
    checkingLists: ['Đang tải danh sách phê duyệt mới…', 'Đang tải bản mới của danh sách phê duyệt từ nơi cơ quan quản lý công bố. Việc này mất tối đa vài giây.'],
    approvalsResultHeading: 'Danh sách phê duyệt',
    listInUse: (authority, code, n, issued, next) => `${authority} (mã ${code}): danh sách số ${n}, ban hành ${issued}, cập nhật tiếp theo ${next}`,
    listStale: 'đã quá hạn cập nhật',
    listSupplied: 'tệp bạn thêm',
    listFetchedFrom: (url) => `tải từ ${url}`,
    listRefused: (label, why) => `Không dùng ${label}: ${why}`,
    listFetchHeading: 'Tải bản mới của danh sách phê duyệt',
    listFetchItem: (authority, n) => `Bản mới hơn số ${n} của ${authority}`,
    listFetchOutcome: {
      used: (n) => `đã nhận và dùng danh sách số ${n}`,
      'not-newer': 'nơi công bố chưa có bản mới hơn',
      refused: 'không dùng: tài liệu nhận được không phải danh sách phê duyệt dùng được (lý do ở trên)',
    },
    listFetchFailed: {
      timeout: (s) => `không tải được: máy chủ không trả lời sau ${s} giây.`,
      status: (code) => `không tải được: máy chủ báo lỗi (mã ${code}).`,
      network: 'không tải được: máy chủ không trả lời, hoặc không cho phép trang web đọc câu trả lời. Hãy thử lại sau, hoặc tải tệp danh sách về máy rồi thêm ở trên.',
      insecure: 'không tải được: trang được mở qua https nên trình duyệt chặn địa chỉ http này. Hãy tải tệp danh sách về máy rồi thêm ở trên.',
    },
    listFetchFailedNote: 'Vì không tải được bản mới nên vẫn dùng bản đã quá hạn; kết luận về phê duyệt vẫn chưa chắc chắn.',
    approval: 'Phê duyệt',
    approvedBy: (authority, n) => `Được phê duyệt bởi: ${authority} (danh sách số ${n})`,
    approvalDetail: (school, roles, from, until) => `${school}; vai trò: ${roles}; từ ${from}${until ? ` đến ${until}` : ''}`,
    notConfirmed: 'Chưa xác nhận được phê duyệt',
    yearApprovals: 'Phê duyệt người ký',
    yearProblems: (n) => `${n} vấn đề của cả năm học`,
    approvalRoles: { 'hieu-truong': 'hiệu trưởng', 'pho-hieu-truong': 'phó hiệu trưởng', gvcn: 'giáo viên chủ nhiệm', gvbm: 'giáo viên bộ môn', 'con-dau': 'con dấu đơn vị' },
  },
  en: {
    title: 'Digital school transcript checker',
    switchTo: 'Tiếng Việt',
    privacy: 'The file is checked on this device and is never sent anywhere. Once the page has loaded, checking works offline too. The page sends requests to the network only when you turn on “Check revocation online” in step 2 or “Download new editions of approval lists” in step 3.',
    pickHeading: '1. Choose the transcript file (XML, or a PDF paper copy)',
    dropHint: 'Drop the transcript file (XML or PDF) here, or',
    pickButton: 'Choose a transcript…',
    trustHeading: '2. Trust anchors and revocation data',
    trustHint: 'A signature is valid only when the signer’s certificate chains to a trusted root and is not revoked. By default the page trusts the government root certificates built into the library:',
    anchorsHint: 'You may add other root certificates you trust (.pem, .crt, .cer), for example a test system’s.',
    addCertificates: 'Add trusted root certificates…',
    revocationHint: 'Revocation is checked with the data embedded in the signatures, and with the CRL files or OCSP responses you add here. The page sends no request anywhere by itself, unless you turn on the online check below.',
    addRevocation: 'Add CRL or OCSP files…',
    policyLabel: 'When the revocation status is unknown:',
    policyRequire: 'cannot be determined (recommended)',
    policySoftFail: 'warn only',
    policyOff: 'do not check revocation',
    onlineLabel: 'Check revocation online (sends the certificate’s serial number to the CA’s server)',
    onlineHint: 'When on, the page asks the servers of the certification authority (CA) that the certificates name: it downloads revocation lists (CRLs) and sends OCSP requests holding the signer certificate’s serial number and hashes of the CA’s name and key. Those servers learn which certificate this device asked about, and when. The transcript file is never sent.',
    checking: ['Asking the CA’s servers…', 'Asking whether the signers’ certificates were revoked. This takes a few seconds at most.'],
    onlineHeading: 'Online revocation check',
    onlineKinds: { crl: 'Download revocation list (CRL)', ocsp: 'Ask OCSP' },
    onlineFor: (names) => `for the certificate of ${names}`,
    fetchOk: 'answer received',
    fetchFailed: {
      network: 'not reached: the server did not answer, or does not let web pages read its answer (many CA servers do not yet). Try again later, or download the CRL file and add it above.',
      timeout: (s) => `not reached: no answer after ${s} seconds.`,
      status: (code) => `not reached: the server reported an error (code ${code}).`,
      tooLarge: (mb) => `not used: the answer is larger than ${mb} MB.`,
      unreadable: 'not used: the answer is not a readable CRL or OCSP response.',
      insecure: 'not reached: the page was opened over https, so the browser blocks this http address. Download the CRL file and add it above.',
    },
    onlineFailedNote: 'Because a server could not be reached, the revocation status is still unknown; the verdict stays “cannot be determined”, not “valid”.',
    remove: 'Remove',
    removeLabel: (name) => `Remove file ${name}`,
    rootValidity: (from, to) => `valid ${from} – ${to}`,
    resultHeading: '4. Result',
    footer: 'hocba — the open-source library for digital school transcripts.',
    guide: 'How to use this page',
    file: (name) => `File: ${name}`,
    valid: ['Valid', 'The transcript carries the digital signatures of signers with trusted, unrevoked certificates, and nothing was changed after signing.'],
    invalid: ['Not valid', 'Do not accept this transcript. The reasons are below.'],
    undetermined: ['Cannot be determined', 'Nothing wrong was found, but something needed to decide is unknown (usually whether a signer’s certificate was revoked). The reasons are below.'],
    unreadable: ['The file cannot be read', 'This is not an XML transcript file, so it cannot be checked.'],
    unreadablePdf: ['The PDF cannot be read', 'The digital transcript embedded in this PDF cannot be had, so it cannot be checked.'],
    fromPdf: 'A PDF paper copy; the digital transcript embedded in it is checked.',
    paperHeading: '5. Check a paper copy',
    paperHint: 'A paper copy (or PDF) printed from a digital transcript has a QR code on every page and the verification reference in its footer. Scan the QR code with the camera, choose a photo of it or drop one on this section, or type the reference: the page says whether the paper copy is a rendering of the digital transcript chosen in step 1. The image and the reference are not sent anywhere.',
    scanQr: 'Scan QR code',
    pickQrImage: 'Choose a QR code image…',
    stopCamera: 'Stop camera',
    qrTextLabel: 'Verification reference (the text under the QR code, starting HOCBA1):',
    checkQrText: 'Check',
    qrStatus: {
      reading: 'Reading the QR code in the image…',
      scanning: 'Hold the QR code of the paper copy in front of the camera.',
      noCode: 'No QR code found in the image. Take it again closer, sharp and well lit, or type the reference.',
      badImage: 'This image cannot be opened.',
      tooBig: (mb) => `The image is larger than ${mb} MB; choose a smaller one.`,
      noCamera: 'The camera cannot be used: the browser does not allow it, or there is none. Choose an image of the QR code or type the reference.',
      read: { camera: 'QR code read from the camera.', image: (name) => `QR code read in the image ${name}.`, typed: 'Reference typed.' },
    },
    paper: {
      belongs: 'PAPER COPY MATCHES',
      'not-valid': 'PAPER COPY NOT VALID',
      mismatch: 'PAPER COPY DOES NOT MATCH',
      malformed: 'NOT A VERIFICATION REFERENCE',
      'no-file': 'NO TRANSCRIPT TO COMPARE WITH',
      error: 'CANNOT COMPARE',
    },
    paperNoFile: 'Choose or drop the digital transcript (XML or PDF) in step 1; the page compares the paper copy with it.',
    paperUnreadable: 'The transcript file in step 1 cannot be read (the reason is in step 4).',
    paperReference: (text) => `Reference: ${text}`,
    badFile: ['An added file cannot be read', 'A certificate, CRL or OCSP file you added cannot be read. Remove it and check again.'],
    problemsHeading: 'Why',
    warningsHeading: 'Note',
    signaturesHeading: (n) => `Digital signatures (${n})`,
    yearSignatures: (year, n, counts) => `School year ${year}: ${n} signature${n === 1 ? '' : 's'} — ${counts}`,
    otherSignatures: 'Other signatures',
    technical: 'Technical details',
    at: (line, column) => `line ${line}, column ${column}`,
    signerFallback: 'Signer',
    signer: 'Signed by',
    role: 'Role',
    organization: 'Organization',
    jobTitle: 'Title',
    signedAt: 'Signed at',
    timeSource: {
      'time-stamp': (authority) => `proven by a time-stamp from ${authority}`,
      'archive-time-stamp': (authority) => `the signature existed by then, proven by an archive time-stamp from ${authority}`,
      claimed: () => 'as the signer states; no time-stamp proves it',
      'verification-time': () => 'unknown; the signature was judged at the time of checking',
    },
    claimedJudgedNow: (claimed, now) =>
      `${claimed}, as the signer states; no time-stamp proves it, so the signature was judged at the time of checking (${now})`,
    chain: 'Certificate chain (signer to root)',
    chainEmpty: 'No chain to a trusted root certificate.',
    validFromTo: (from, to) => `valid ${from} – ${to}`,
    revocation: 'Revocation status',
    revocationNone: 'None',
    status: {
      good: 'not revoked',
      revoked: (time, reason) => `REVOKED at ${time} (reason: ${reason})`,
      unknown: (why) => `unknown (${why})`,
      'not-checked': 'not checked',
    },
    source: (kind, origin, updated) => `source: ${kind}, ${origin}, updated ${updated}`,
    origins: { supplied: 'a file you added', embedded: 'embedded in the signature' },
    fetchedFrom: (url) => `asked online at ${url}`,
    notAsked: (url, why) => `Server ${url}: ${why}`,
    signatureVerdict: 'Signature result',
    verdictWord: { valid: 'valid', invalid: 'not valid', undetermined: 'cannot be determined' },
    studentHeading: 'Student',
    studentName: 'Full name',
    birthDate: 'Date of birth',
    gender: 'Gender',
    studentId: 'Personal ID',
    level: 'Level',
    schoolYears: 'School years',
    notValidContent: 'The content below is what the file says; it is NOT confirmed, because the transcript is not valid or cannot be determined.',
    withdrawn: 'The sender withdrew this transcript.',
    transcriptHeading: 'The transcript',
    yearHeading: (year, grade, klass, school) => `School year ${year} — grade ${grade}, class ${klass} — ${school}`,
    homeroom: 'Homeroom teacher',
    principal: 'Principal',
    subject: 'Subject',
    term1: 'Term 1',
    term2: 'Term 2',
    wholeYear: 'Year',
    exempt: 'exempt',
    periodic: ['Mid term 1', 'End of term 1', 'Mid term 2', 'End of year'],
    levelShort: 'level',
    scoreShort: 'test',
    learning: 'Learning result',
    conduct: 'Conduct result',
    titleAward: 'Title',
    promoted: 'Promoted',
    yes: 'yes',
    no: 'no',
    result: 'Year result',
    teacherComment: 'Homeroom teacher’s comment',
    unknown: 'unknown',
    loading: 'Loading the checker…',
    loadFailed: 'The checker could not be loaded. Please reload the page.',
    approvalsHeading: '3. Approval lists of signers',
    approvalsHint: 'The authority managing a school (for primary and lower-secondary schools, the commune’s Culture and Society Office) publishes an approval list: which certificates may sign transcripts for each school, in which roles, from when. Add the list files (signed XML) and the page checks whether each signer was approved.',
    addApprovals: 'Add approval list files…',
    authoritiesHint: 'The page uses only lists signed by a managing authority you trust. Add that authority’s certificate (.pem, .crt, .cer), or the SHA-256 fingerprint of the certificate.',
    addAuthorities: 'Add the managing authority’s certificate…',
    fingerprintLabel: 'SHA-256 fingerprint of the managing authority’s certificate:',
    addFingerprint: 'Add fingerprint',
    fingerprintInvalid: 'A SHA-256 fingerprint is 64 hexadecimal digits (0–9, a–f), optionally separated by colons or spaces.',
    fingerprintItem: (hex) => `SHA-256 fingerprint ${hex}`,
    needAuthority: 'No certificate or fingerprint of a managing authority has been added, so no list can be used yet. Add one above.',
    approvalPolicyLabel: 'When the lists cannot settle it (no list for the school, a list past its next update, lists that disagree):',
    approvalPolicyRequire: 'cannot be determined (recommended)',
    approvalPolicySoftFail: 'warn only',
    approvalPolicyOff: 'do not check approval',
    onlineApprovalsLabel: 'Download new editions of approval lists when the one held is past its next update',
    onlineApprovalsHint: 'When on, if a list is past its next update, the page downloads the new edition from the address the managing authority wrote in that list. That server learns that this device downloaded the list, and when. The transcript file is never sent.',
    checkingLists: ['Downloading new approval lists…', 'Downloading the new edition of an approval list from where the managing authority publishes it. This takes a few seconds at most.'],
    approvalsResultHeading: 'Approval lists',
    listInUse: (authority, code, n, issued, next) => `${authority} (code ${code}): list number ${n}, issued ${issued}, next update ${next}`,
    listStale: 'past its next update',
    listSupplied: 'a file you added',
    listFetchedFrom: (url) => `downloaded from ${url}`,
    listRefused: (label, why) => `Not used: ${label}: ${why}`,
    listFetchHeading: 'Downloading new editions of approval lists',
    listFetchItem: (authority, n) => `A newer edition than number ${n} of ${authority}`,
    listFetchOutcome: {
      used: (n) => `received; list number ${n} is used`,
      'not-newer': 'no newer edition published yet',
      refused: 'not used: what was received is not a usable approval list (reason above)',
    },
    listFetchFailed: {
      timeout: (s) => `not downloaded: no answer after ${s} seconds.`,
      status: (code) => `not downloaded: the server reported an error (code ${code}).`,
      network: 'not downloaded: the server did not answer, or does not let web pages read its answer. Try again later, or download the list file and add it above.',
      insecure: 'not downloaded: the page was opened over https, so the browser blocks this http address. Download the list file and add it above.',
    },
    listFetchFailedNote: 'As no new edition could be downloaded, the stale one is still used; the approval of the signers is still not settled.',
    approval: 'Approval',
    approvedBy: (authority, n) => `Approved by ${authority} (list number ${n})`,
    approvalDetail: (school, roles, from, until) => `${school}; role: ${roles}; from ${from}${until ? ` until ${until}` : ''}`,
    notConfirmed: 'Approval not confirmed',
    yearApprovals: 'Approval of the signers',
    yearProblems: (n) => `${n} ${n === 1 ? 'problem' : 'problems'} with the whole year`,
    approvalRoles: { 'hieu-truong': 'principal', 'pho-hieu-truong': 'deputy principal', gvcn: 'homeroom teacher', gvbm: 'subject teacher', 'con-dau': 'school seal' },
  },
};

// The roles the library names (in Vietnamese), for the English page.
// Unusable-input errors the binding throws, in the clerk's words.
const ERRORS = {
  vi: {
    xml: 'Tệp không phải là XML hợp lệ (hoặc bị từ chối vì lý do an toàn).',
    'certificate-malformed': 'Tệp chứng thư không đọc được: không phải chứng thư số dạng PEM hoặc DER.',
    'crl-malformed': 'Tệp danh sách thu hồi (CRL) không đọc được.',
    'ocsp-response-malformed': 'Tệp phản hồi OCSP không đọc được.',
    'pdf-malformed': 'Không đọc được tệp PDF, hoặc tệp đính kèm không theo cấu trúc PDF/A-3.',
    'pdf-no-transcript': 'Tệp PDF không có học bạ đính kèm.',
  },
  en: {
    xml: 'The file is not valid XML (or was refused for safety).',
    'certificate-malformed': 'The certificate file cannot be read: it is not a PEM or DER certificate.',
    'crl-malformed': 'The revocation list (CRL) file cannot be read.',
    'ocsp-response-malformed': 'The OCSP response file cannot be read.',
    'pdf-malformed': 'The PDF cannot be read, or its attachment is not laid out as PDF/A-3.',
    'pdf-no-transcript': 'The PDF carries no transcript.',
  },
};
const OTHER_ERROR = { vi: 'Không kiểm tra được tệp (xem chi tiết kỹ thuật).', en: 'The file cannot be checked (see the technical details).' };

/** The findings about a whole school year (the approval lists'): shown with its signatures too. */
const YEAR_PROBLEMS = ['year-withdrawn', 'seal-missing'];

let lang = 'vi';
let roots = []; // the embedded government roots
let labels = {}; // code lists
const anchors = []; // { name, bytes }
const revocationFiles = []; // { name, bytes, kind: 'crl' | 'ocsp' }
const approvalFiles = []; // { name, bytes }: the managing authorities' approval lists
const authorities = []; // { name, bytes } (a certificate file) or { fingerprint } (SHA-256, as typed): who may publish lists
let transcript = null; // { name, bytes }
// The online revocation check: per request, at most this long and this large (as the native
// build's fetcher); answers received are kept for the page's life (a CRL serves many files).
const FETCH_SECONDS = 10;
const MAX_ANSWER_BYTES = { crl: 16 * 1024 * 1024, ocsp: 1024 * 1024, 'approval-list': 16 * 1024 * 1024 };
const answers = new Map(); // request key -> bytes

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[lang][key];

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A UTC time from the library, as people in Vietnam read it: UTC+7 all year (no summer time). */
function vietnamTime(utc, withTime = true) {
  const ms = Date.parse(utc ?? '');
  if (Number.isNaN(ms)) return t('unknown');
  const local = new Date(ms + 7 * 3600 * 1000);
  const two = (n) => String(n).padStart(2, '0');
  const date = `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  if (!withTime) return date;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  return lang === 'vi' ? `${time} ngày ${date} (giờ Việt Nam)` : `${date} ${time} (Vietnam time)`;
}
const vietnamDate = (utc) => vietnamTime(utc, false);

/** A finding `{code, vi, en}` of the library, in the page's language, with its code. */
function finding(f) {
  return element('li', { 'data-code': f.code }, f[lang], ' ', element('code', { class: 'code' }, `(${f.code})`));
}

function label(list, code) {
  return labels[list]?.[code]?.[lang] ?? code ?? t('unknown');
}

function rows(pairs) {
  const list = element('dl', {});
  for (const [term, value] of pairs) if (value !== null && value !== undefined) list.append(element('dt', {}, term), element('dd', {}, value));
  return list;
}

/** Where an answer came from: a file, the signature, or the URL the page fetched it from. */
function originText(origin) {
  return t('origins')[origin] ?? t('fetchedFrom')(origin);
}

function revocationItem(check, fetches) {
  const s = t('status');
  const text = check.status === 'revoked' ? s.revoked(vietnamTime(check.time), check.reason)
    : check.status === 'unknown' ? s.unknown(check.why)
      : s[check.status] ?? check.status;
  const source = check.source
    ? t('source')(check.source.kind.toUpperCase(), originText(check.source.origin), vietnamTime(check.source.this_update))
    : null;
  // An unknown status after the page tried: say which server could not be asked, and why.
  const failed = check.status === 'unknown'
    ? fetches.filter((f) => f.failure && f.request.subjects.includes(check.subject))
    : [];
  return element('li', { 'data-status': check.status }, `${check.subject}: `, element('strong', {}, text), source ? ` — ${source}` : null,
    ...failed.map((f) => element('div', { class: 'fetch-failed' }, t('notAsked')(f.request.url, failureText(f)))));
}

function failureText(fetch) {
  const why = t('fetchFailed');
  // An approval list is not a CRL: its own remedy (add the list file) where the failure suggests one.
  const list = fetch.request.kind === 'approval-list' ? t('listFetchFailed') : why;
  switch (fetch.failure) {
    case 'timeout': return list.timeout(FETCH_SECONDS);
    case 'status': return list.status(fetch.status);
    case 'too-large': return why.tooLarge(MAX_ANSWER_BYTES[fetch.request.kind] / (1024 * 1024));
    case 'unreadable': return why.unreadable;
    case 'insecure': return list.insecure;
    default: return list.network;
  }
}

/** The common name in a subject `C=VN, ..., CN=Nguyễn Thị Hoa`, else the whole subject. */
function commonName(subject) {
  return subject.split(', ').find((part) => part.startsWith('CN='))?.slice(3) ?? subject;
}

/** The approval lists: those in use (whose, which number, when issued and due, from where), those
 *  refused and why, and what the page downloaded of newer editions. */
function approvalsSection(report, listFetches) {
  const info = report.approvals;
  const missingAuthority = approvalFiles.length > 0 && authorities.length === 0;
  if (!info && !missingAuthority) return [];
  const parts = [element('h3', {}, t('approvalsResultHeading'))];
  if (missingAuthority) parts.push(element('p', { class: 'caution' }, t('needAuthority')));
  if (info && info.lists.length > 0) {
    parts.push(element('ul', { class: 'approval-lists' }, ...info.lists.map((l) => element(
      'li',
      { 'data-stale': String(l.stale), 'data-authority': l.authority_code },
      t('listInUse')(l.authority, l.authority_code, l.sequence, vietnamTime(l.issued), vietnamTime(l.next_update)),
      ...(l.stale ? [' — ', element('strong', {}, t('listStale'))] : []),
      ` — ${l.origin === 'supplied' ? t('listSupplied') : t('listFetchedFrom')(l.origin)}`,
    ))));
  }
  if (info && info.rejected.length > 0) {
    parts.push(element('ul', { class: 'problems approval-refused' }, ...info.rejected.map((r) => element(
      'li',
      { 'data-code': r.code },
      t('listRefused')(r.label, r[lang]), ' ', element('code', { class: 'code' }, `(${r.code})`),
    ))));
  }
  if (listFetches.length > 0) {
    const outcome = (f) => {
      if (f.failure) return { key: 'failed', text: failureText(f) };
      const said = info?.fetched.find((x) => x.url === f.request.url);
      const key = said?.outcome ?? 'not-newer';
      const text = key === 'used' ? t('listFetchOutcome').used(said.sequence) : t('listFetchOutcome')[key];
      return { key: key === 'used' ? 'ok' : key, text };
    };
    const items = listFetches.map((f) => {
      const { key, text } = outcome(f);
      return element('li', { 'data-outcome': key, 'data-kind': 'approval-list' },
        `${t('listFetchItem')(f.request.authority, f.request.sequence)} — `, element('code', {}, f.request.url), ': ', element('strong', {}, text));
    });
    parts.push(element('h4', {}, t('listFetchHeading')), element('ul', { class: 'online-list' }, ...items));
    if (listFetches.every((f) => f.failure)) parts.push(element('p', { class: 'caution' }, t('listFetchFailedNote')));
  }
  return parts;
}

function onlineSection(fetches) {
  const items = fetches.map((f) => element(
    'li',
    { 'data-outcome': f.failure ? 'failed' : 'ok', 'data-kind': f.request.kind },
    `${t('onlineKinds')[f.request.kind]} — `, element('code', {}, f.request.url), ` — ${t('onlineFor')(f.request.subjects.map(commonName).join(', '))}: `,
    element('strong', {}, f.failure ? failureText(f) : t('fetchOk')),
  ));
  const note = fetches.some((f) => f.failure) ? [element('p', { class: 'caution' }, t('onlineFailedNote'))] : [];
  return [element('h3', {}, t('onlineHeading')), element('ul', { class: 'online-list' }, ...items), ...note];
}

/** The role a signature signs in, as a heading starts it. */
function roleName(signature) {
  const named = lang === 'vi' ? signature.role : signature.role_en;
  // The core's English roles are in running-text case (`homeroom teacher`); here they start a heading.
  return named ? named.charAt(0).toUpperCase() + named.slice(1) : t('signerFallback');
}

/** Whether the report judged the signers against approval lists (lists given, checking not off). */
function approvalsChecked(report) {
  return Boolean(report.approvals) && report.approvals.policy !== 'off';
}

/** "Được phê duyệt bởi: {authority} (danh sách số N)" for a signer's approval, or null. */
function approvedByText(approval) {
  return approval ? t('approvedBy')(approval.authority, approval.list_sequence) : null;
}

/** A signer's approval as the card shows it: who, the list, and for which school, role and time. */
function approvalValue(signature) {
  const a = signature.approval;
  if (!a) return element('span', { class: 'not-confirmed' }, t('notConfirmed'));
  const roles = a.roles.map((r) => t('approvalRoles')[r] ?? r).join(', ');
  return element('span', { class: 'approved-by' }, approvedByText(a), element('br'),
    element('span', { class: 'muted' }, t('approvalDetail')(a.school_name, roles, vietnamDate(a.from), a.until ? vietnamDate(a.until) : null)));
}

function signatureCard(signature, fetches, checked = false) {
  const role = roleName(signature);
  const signer = signature.signer;
  const time = signature.signing_time;
  // Without a time-stamp the signer's own claim is shown as such, beside the time it was judged at.
  const claimed = signature.claimed_signing_time;
  const when = !time ? t('unknown')
    : time.source === 'verification-time' && claimed ? t('claimedJudgedNow')(vietnamTime(claimed), vietnamTime(time.time))
      : `${vietnamTime(time.time)}, ${t('timeSource')[time.source](time.authority)}`;
  const chain = signature.chain.length > 0
    ? element('ol', { class: 'chain' }, ...signature.chain.map((c) => element('li', {}, c.subject, ' ', element('span', { class: 'muted' }, `(${t('validFromTo')(vietnamDate(c.not_before), vietnamDate(c.not_after))})`))))
    : element('p', {}, t('chainEmpty'));
  const revocation = signature.revocation.length > 0
    ? element('ul', { class: 'revocation' }, ...signature.revocation.map((check) => revocationItem(check, fetches)))
    : element('p', {}, t('revocationNone'));
  return element(
    'article',
    { class: 'signature', 'data-verdict': signature.verdict },
    element('h4', {}, `${role}: ${signer?.name ?? t('unknown')}`),
    rows([
      [t('signatureVerdict'), element('span', { class: `verdict-word ${signature.verdict}` }, t('verdictWord')[signature.verdict])],
      [t('signer'), signer?.name ?? t('unknown')],
      [t('role'), role],
      [t('organization'), [signer?.organizational_unit, signer?.organization].filter(Boolean).join(', ') || t('unknown')],
      [t('jobTitle'), signer?.title ?? null],
      [t('signedAt'), when],
      [t('approval'), checked ? approvalValue(signature) : null],
    ]),
    signature.problems.length > 0 ? element('ul', { class: 'problems' }, ...signature.problems.map(finding)) : null,
    signature.warnings.length > 0 ? element('ul', { class: 'warnings' }, ...signature.warnings.map(finding)) : null,
    element('h5', {}, t('chain')),
    chain,
    element('h5', {}, t('revocation')),
    revocation,
    element('details', {}, element('summary', {}, t('technical')),
      ...[`Id: ${signature.id ?? '-'}`, `${signature.place}`, signature.algorithm, `covers: ${signature.covers.join(' ')}`,
        signer ? `${signer.subject} / ${signer.issuer} / serial ${signer.serial} / SHA-256 ${signer.sha256}` : null]
        .filter(Boolean).map((d) => element('p', {}, element('code', {}, d)))),
  );
}

const score = (value) => (value === null || value === undefined ? '' : Number(value).toFixed(1));

function secondaryTable(results) {
  const head = element('tr', {}, ...[t('subject'), t('term1'), t('term2'), t('wholeYear')].map((h) => element('th', { scope: 'col' }, h)));
  const body = results.mon_hoc.map((subject) => {
    const name = element('th', { scope: 'row' }, label('MonHoc', subject.ma_mon_hoc));
    if (subject.mien_hoc) return element('tr', {}, name, element('td', { colspan: '3' }, t('exempt')));
    const a = subject.danh_gia;
    const cells = a.diem_so
      ? [score(a.diem_so.hoc_ky1.dtb_mhk), score(a.diem_so.hoc_ky2.dtb_mhk), score(a.diem_so.dtb_ca_nam)]
      : [a.nhan_xet.hoc_ky1, a.nhan_xet.hoc_ky2, a.nhan_xet.ca_nam].map((c) => (c ? label('MucNhanXet', c) : ''));
    return element('tr', {}, name, ...cells.map((c) => element('td', {}, c)));
  });
  const table = element('table', {}, element('thead', {}, head), element('tbody', {}, ...body));
  const term = (r) => [r.hoc_ky1, r.hoc_ky2, r.ca_nam].map((c) => (c ? label('MucDanhGia', c) : '–')).join(' / ');
  const summary = rows([
    [t('learning'), term(results.ket_qua_hoc_tap)],
    [t('conduct'), term(results.ket_qua_ren_luyen)],
    [t('titleAward'), results.danh_hieu ? label('DanhHieu', results.danh_hieu) : null],
    [t('promoted'), results.duoc_len_lop === null || results.duoc_len_lop === undefined ? null : t(results.duoc_len_lop ? 'yes' : 'no')],
  ]);
  return [element('div', { class: 'table-scroll' }, table), summary];
}

function primaryTable(results) {
  const periods = ['giua_hk1', 'cuoi_hk1', 'giua_hk2', 'cuoi_nam'];
  const head = element('tr', {}, element('th', { scope: 'col' }, t('subject')), ...t('periodic').map((h) => element('th', { scope: 'col' }, h)));
  const body = results.mon_hoc.map((subject) => {
    const name = element('th', { scope: 'row' }, label('MonHoc', subject.ma_mon_hoc));
    if (subject.mien_hoc) return element('tr', {}, name, element('td', { colspan: '4' }, t('exempt')));
    const cells = periods.map((p) => [subject.muc_dat?.[p] ? label('MucDatTieuHoc', subject.muc_dat[p]) : null, subject.diem_kiem_tra?.[p] ?? null]
      .filter((v) => v !== null).join(' · '));
    return element('tr', {}, name, ...cells.map((c) => element('td', {}, c)));
  });
  const table = element('table', {}, element('thead', {}, head), element('tbody', {}, ...body));
  const summary = rows([
    [t('result'), results.ket_qua_giao_duc ? label('KetQuaGiaoDucTieuHoc', results.ket_qua_giao_duc) : null],
    [t('promoted'), results.duoc_len_lop === null || results.duoc_len_lop === undefined ? null : t(results.duoc_len_lop ? 'yes' : 'no')],
  ]);
  return [element('div', { class: 'table-scroll' }, table), summary];
}

function yearSection(year) {
  const results = year.ket_qua.thcs ? secondaryTable(year.ket_qua.thcs) : year.ket_qua.tieu_hoc ? primaryTable(year.ket_qua.tieu_hoc) : [];
  return element(
    'article',
    { class: 'year' },
    element('h4', {}, t('yearHeading')(year.nam_hoc, year.ma_khoi, year.lop, year.truong.ten_truong)),
    rows([[t('homeroom'), year.giao_vien_chu_nhiem], [t('principal'), year.hieu_truong]]),
    ...results,
    year.nhan_xet_gvcn ? rows([[t('teacherComment'), year.nhan_xet_gvcn]]) : null,
  );
}

/**
 * The signatures, one group per school year of a transcript, each headed by how many of its signatures
 * hold; signatures outside the profile after them. The profile names each signature after its year
 * (`{year Id}-GVCN`, `-HieuTruong`, `-ConDau` for the school seal, `-GVBM-{MaMonHoc}`), which holds
 * even for a signature that failed (it reports no references) and a transcript whose content is not
 * confirmed. A transcript has two to a dozen or more signatures per year, so a year whose signatures
 * all hold starts closed.
 */
function signatureGroups(report, info) {
  const checked = approvalsChecked(report);
  const cards = (list) => list.map((s) => signatureCard(s, shown.fetches, checked));
  const yearOf = (signature) => signature.id?.match(/^(.+)-(?:GVCN|HieuTruong|ConDau|GVBM-[^-]+)$/)?.[1];
  if (!report.signatures.some(yearOf)) return cards(report.signatures);
  const groups = [];
  for (const yearId of new Set(report.signatures.map(yearOf).filter(Boolean))) {
    const mine = report.signatures.filter((s) => yearOf(s) === yearId);
    const name = info?.content.years.find((y) => y.id === yearId)?.nam_hoc ?? yearId.match(/\d{4}-\d{4}$/)?.[0] ?? yearId;
    const tally = new Map();
    for (const signature of mine) tally.set(signature.verdict, (tally.get(signature.verdict) ?? 0) + 1);
    const counts = [...tally].map(([verdict, n]) => `${n} ${t('verdictWord')[verdict]}`).join(', ');
    // What the approval lists say about the whole year (withdrawn, no seal): its findings name the
    // year by its Id, a word of their text.
    const yearProblems = report.problems.filter((p) => YEAR_PROBLEMS.includes(p.code) && p.vi.split(/\s+/).includes(yearId));
    const verdict = yearProblems.length > 0 ? 'invalid' : ['invalid', 'undetermined'].find((v) => tally.has(v)) ?? 'valid';
    const more = yearProblems.length > 0 ? ` — ${t('yearProblems')(yearProblems.length)}` : '';
    // Who approved the year's signers: on the closed group's line when every one of them is.
    const approvers = [...new Set(mine.map((s) => approvedByText(s.approval)))];
    const approvedLine = checked && mine.every((s) => s.approval) ? element('span', { class: 'year-approval' }, approvers.join('; ')) : null;
    const approvals = checked ? [
      element('h5', {}, t('yearApprovals')),
      element('ul', { class: 'year-approvals' }, ...mine.map((s) => element(
        'li',
        { 'data-approved': String(Boolean(s.approval)) },
        `${roleName(s)}: ${s.signer?.name ?? t('unknown')} — `,
        s.approval ? element('span', { class: 'approved-by' }, approvedByText(s.approval)) : t('notConfirmed'),
      ))),
    ] : [];
    groups.push(element(
      'details',
      { class: 'year-signatures', 'data-year': yearId, 'data-verdict': verdict, ...(verdict === 'valid' ? {} : { open: '' }) },
      element('summary', {}, t('yearSignatures')(name, mine.length, counts) + more, approvedLine),
      yearProblems.length > 0 ? element('ul', { class: 'problems' }, ...yearProblems.map(finding)) : null,
      ...approvals,
      ...cards(mine),
    ));
  }
  const other = report.signatures.filter((s) => !yearOf(s));
  if (other.length > 0) groups.push(element('h4', {}, t('otherSignatures')), ...cards(other));
  return groups;
}

/** What the page shows: a verdict banner, the problems, the student, the signatures, the content. */
let shown = null;
function render() {
  if (!shown) return;
  $('result').hidden = false;
  const verdict = $('verdict');
  const [heading, explanation] = t(shown.banner);
  verdict.className = `verdict ${shown.kind}`;
  verdict.dataset.verdict = shown.kind;
  verdict.replaceChildren(element('h3', {}, heading), element('p', {}, explanation), element('p', { class: 'file-name' }, t('file')(shown.file)),
    ...(shown.report?.from_pdf ? [element('p', { class: 'from-pdf' }, t('fromPdf'))] : []));

  const problems = $('problems');
  problems.replaceChildren();
  if (shown.error) {
    const e = shown.error;
    const at = e.line ? ` (${t('at')(e.line, e.column)})` : '';
    problems.append(element('ul', { class: 'problems' }, element('li', { 'data-code': e.code }, e[lang] ?? ERRORS[lang][e.code] ?? OTHER_ERROR[lang],
      element('details', {}, element('summary', {}, t('technical')), element('code', {}, `${e.code}: ${e.message}${at}`)))));
  }
  const report = shown.report;
  for (const id of ['warnings', 'online-checks', 'approvals-summary', 'student', 'signatures', 'transcript-table']) $(id).replaceChildren();
  if (!report) return;
  if (shown.fetches.length > 0) $('online-checks').append(...onlineSection(shown.fetches));
  const all = [...report.problems, ...report.signatures.flatMap((s) => s.problems)];
  if (report.problems.length > 0 || (report.verdict !== 'valid' && all.length > 0)) {
    problems.append(element('h3', {}, t('problemsHeading')), element('ul', { class: 'problems' }, ...all.map(finding)));
  }
  // What the reader should know that leaves the verdict as it is (approval not checked, ...).
  if (report.warnings.length > 0) {
    $('warnings').append(element('h3', {}, t('warningsHeading')), element('ul', { class: 'warnings' }, ...report.warnings.map(finding)));
  }
  $('approvals-summary').append(...approvalsSection(report, shown.listFetches));

  const info = report.transcript;
  if (info) {
    const content = info.content;
    const student = content.years.at(-1)?.student;
    const studentRows = student ? [
      [t('studentName'), student.ho_va_ten],
      [t('birthDate'), student.ngay_sinh.split('-').reverse().join('/')],
      [t('gender'), label('GioiTinh', student.gioi_tinh)],
      [t('studentId'), student.ma_dinh_danh],
      [t('level'), label('CapHoc', content.header.ma_cap_hoc)],
      [t('schoolYears'), content.years.map((y) => `${y.nam_hoc} (${y.truong.ten_truong})`).join('; ')],
    ] : [];
    $('student').append(element(
      'div',
      {},
      element('h3', {}, t('studentHeading')),
      info.valid ? null : element('p', { class: 'caution', role: 'note' }, t('notValidContent')),
      info.withdrawn ? element('p', { class: 'caution' }, t('withdrawn')) : null,
      rows(studentRows),
    ));
    $('transcript-table').append(element('h3', {}, t('transcriptHeading')), ...content.years.map(yearSection));
  }
  if (report.signatures.length > 0) {
    $('signatures').append(element('h3', {}, t('signaturesHeading')(report.signatures.length)), ...signatureGroups(report, info));
  }
}

function options() {
  const crls = revocationFiles.filter((f) => f.kind === 'crl').map((f) => f.bytes);
  const ocspResponses = revocationFiles.filter((f) => f.kind === 'ocsp').map((f) => f.bytes);
  const result = { crls, ocspResponses, revocation: $('revocation-policy').value, now: Date.now() };
  // Anchors of one's own are added to the government roots, not put in their place.
  if (anchors.length > 0) result.trustedCertificates = [...roots.map((r) => r.der), ...anchors.map((a) => a.bytes)];
  result.approvalPolicy = $('approval-policy').value;
  // Lists count only with an authority to trust them; without one the page says so instead.
  if (approvalFiles.length > 0 && authorities.length > 0) {
    result.approvals = approvalFiles.map((f) => ({ label: f.name, bytes: f.bytes }));
    result.approvalAuthorities = authorities.map((a) => a.bytes ?? a.fingerprint);
  }
  return result;
}

/** The key an answer is kept under: what was asked, and where. */
function requestKey(request) {
  return `${request.kind} ${request.url} ${request.body ? btoa(String.fromCharCode(...request.body)) : ''}`;
}

/** The body of `response`, or null past `limit` bytes (read in pieces: a lying or absent
 *  Content-Length cannot make the page hold more). */
async function readLimited(response, limit) {
  if (Number(response.headers.get('content-length') ?? 0) > limit) return null;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** Aborted when the user turns the online check off: requests still under way stop then. One for
 *  the revocation check, one for the download of approval lists: two consents. */
let consent = new AbortController();
let listConsent = new AbortController();

/** Asks for one request's answer: `{ request, bytes }`, or `{ request, failure }` saying why not.
 *  No cookies, no referrer; the answer is signed data that the library checks. */
async function fetchAnswer(request) {
  const key = requestKey(request);
  if (answers.has(key)) return { request, bytes: answers.get(key) };
  if (location.protocol === 'https:' && request.url.toLowerCase().startsWith('http:')) return { request, failure: 'insecure' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_SECONDS * 1000);
  (request.kind === 'approval-list' ? listConsent : consent).signal.addEventListener('abort', () => controller.abort(), { once: true });
  const common = { signal: controller.signal, mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' };
  try {
    const response = request.kind === 'ocsp'
      ? await fetch(request.url, { ...common, method: 'POST', headers: { 'Content-Type': 'application/ocsp-request' }, body: request.body })
      : await fetch(request.url, { ...common, method: 'GET' });
    if (!response.ok) return { request, failure: 'status', status: response.status };
    const bytes = await readLimited(response, MAX_ANSWER_BYTES[request.kind]);
    if (bytes === null) return { request, failure: 'too-large' };
    answers.set(key, bytes);
    return { request, bytes };
  } catch {
    // The browser does not tell a refused connection from a missing CORS header.
    return { request, failure: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}

/** `call(options)` (verify, approvalListRequests) with the fetched answers: revocation data, and
 *  approval lists; a revocation answer the library cannot read is dropped and said so (a list that
 *  is not one is refused in the report instead). */
function withAnswers(call, base, fetches, listFetches = []) {
  const used = fetches.filter((f) => !f.failure);
  const fetchedApprovals = listFetches.filter((f) => !f.failure).map((f) => ({ url: f.request.url, bytes: f.bytes }));
  for (;;) {
    const fetchedRevocation = used.map((f) => ({ kind: f.request.kind, url: f.request.url, bytes: f.bytes }));
    const options = { ...base };
    if (fetchedRevocation.length > 0) options.fetchedRevocation = fetchedRevocation;
    if (fetchedApprovals.length > 0) options.fetchedApprovals = fetchedApprovals;
    try {
      return call(options);
    } catch (error) {
      if (!Number.isInteger(error.index) || !used[error.index]) throw error;
      const [bad] = used.splice(error.index, 1);
      bad.failure = 'unreadable';
      answers.delete(requestKey(bad.request));
    }
  }
}

let checking = 0; // the latest check; an older one still fetching gives way
async function check() {
  if (!transcript) return;
  const run = ++checking;
  const file = transcript;
  let fetches = [];
  let listFetches = [];
  try {
    const base = options();
    if ($('online-revocation').checked && base.revocation !== 'off') {
      const requests = revocationRequests(file.bytes, base);
      if (requests.length > 0) {
        shown = { kind: 'checking', banner: 'checking', file: file.name, report: null, fetches: [], listFetches: [] };
        render();
        fetches = await Promise.all(requests.map(fetchAnswer));
        if (run !== checking) return;
      }
    }
    // New editions of stale approval lists, from where the lists (verified first) say they are published.
    if ($('online-approvals').checked && base.approvals && base.approvalPolicy !== 'off') {
      const requests = withAnswers(approvalListRequests, base, fetches);
      if (requests.length > 0) {
        shown = { kind: 'checking', banner: 'checkingLists', file: file.name, report: null, fetches: [], listFetches: [] };
        render();
        listFetches = await Promise.all(requests.map((r) => fetchAnswer({ ...r, kind: 'approval-list' })));
        if (run !== checking) return;
      }
    }
    const report = withAnswers((o) => verify(file.bytes, o), base, fetches, listFetches);
    shown = { kind: report.verdict, banner: report.verdict, file: file.name, report, fetches, listFetches };
  } catch (error) {
    // Unusable input: not XML, or an added file that cannot be read.
    const added = ['certificate-malformed', 'crl-malformed', 'ocsp-response-malformed'].includes(error.code);
    shown = {
      kind: 'error',
      banner: added ? 'badFile' : isPdf(file.bytes) ? 'unreadablePdf' : 'unreadable',
      file: file.name,
      error: { code: error.code ?? 'error', message: error.message, line: error.line, column: error.column, vi: error.vi, en: error.en },
      fetches: [],
      listFetches: [],
    };
  }
  render();
  $('result').focus();
  checkCopy();
}

/** A PDF starts `%PDF-`, as the library recognises it. */
function isPdf(bytes) {
  return bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

async function readTranscript(file) {
  transcript = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  $('file-name').textContent = t('file')(file.name);
  check();
}

/** An added item as the list shows it: a file by its name, a fingerprint in the page's language. */
const itemName = (item) => (item.fingerprint ? t('fingerprintItem')(item.fingerprint) : item.name);

function fileList(id, files) {
  const list = $(id);
  list.replaceChildren();
  files.forEach((file, index) => {
    const remove = element('button', { type: 'button', 'aria-label': t('removeLabel')(itemName(file)) }, t('remove'));
    remove.addEventListener('click', () => {
      files.splice(index, 1);
      renderStatic();
      check();
    });
    list.append(element('li', {}, itemName(file), remove));
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
  $('government-roots').replaceChildren(...roots.map((r) => element('li', {}, `${r.name} (${r.organization ?? ''}), ${t('rootValidity')(vietnamDate(r.not_before), vietnamDate(r.not_after))}`)));
  fileList('trusted-list', anchors);
  fileList('revocation-list', revocationFiles);
  fileList('approval-list', approvalFiles);
  fileList('authority-list', authorities);
  $('need-authority').hidden = !(approvalFiles.length > 0 && authorities.length === 0);
  if (!$('fingerprint-error').hidden) $('fingerprint-error').textContent = t('fingerprintInvalid');
  render();
  renderPaper();
}

/** A DER OCSP response starts SEQUENCE { ENUMERATED status ...}; a CRL SEQUENCE { SEQUENCE ...}. */
function revocationKind(bytes) {
  const text = new TextDecoder().decode(bytes.slice(0, 64));
  if (text.includes('-----BEGIN X509 CRL-----')) return 'crl';
  let i = 1;
  if (bytes[0] !== 0x30) return 'crl';
  i += bytes[1] & 0x80 ? 1 + (bytes[1] & 0x7f) : 1;
  return bytes[i] === 0x0a ? 'ocsp' : 'crl';
}

/** The paper copy being checked: its reference as read or typed, and the answer; `qrStatus` is
 *  the reading's progress (a key of the texts' `qrStatus`, and its argument). */
let paperText = null;
let paperShown = null;
let qrStatus = null;

/** Compares the paper copy's reference with the file at hand (the library's `checkPaper`, with the
 *  same options and fetched answers as the verification shown). */
function checkCopy() {
  if (paperText === null) return;
  if (!transcript) {
    paperShown = { kind: 'no-file' };
  } else {
    try {
      const result = withAnswers((o) => checkPaper(paperText, transcript.bytes, o), options(), shown?.fetches ?? [], shown?.listFetches ?? []);
      const answer = result.paper;
      paperShown = { kind: answer.belongs ? 'belongs' : answer.mismatch ? 'mismatch' : 'not-valid', answer };
    } catch (error) {
      paperShown = error.code === 'paper-reference-malformed'
        ? { kind: 'malformed', message: { vi: error.vi, en: error.en } }
        : { kind: 'error' };
    }
  }
  renderPaper();
}

function qrStatusText() {
  if (!qrStatus) return '';
  let words = t('qrStatus')[qrStatus.key];
  if (qrStatus.key === 'read') words = words[qrStatus.source];
  return typeof words === 'function' ? words(qrStatus.argument) : words;
}

function renderPaper() {
  $('qr-status').textContent = qrStatusText();
  const box = $('paper-verdict');
  box.hidden = !paperShown;
  if (!paperShown) return;
  const { kind } = paperShown;
  box.className = `verdict ${kind === 'belongs' ? 'valid' : 'invalid'}`;
  box.dataset.paper = kind;
  box.dataset.code = paperShown.answer?.mismatch?.code ?? '';
  const heading = t('paper')[kind];
  let explanation;
  if (paperShown.answer) {
    // The library's conclusion (as `hocba verify --qr` prints it) starts with the heading shown.
    const message = paperShown.answer.message[lang];
    explanation = message.startsWith(`${heading}: `) ? message.slice(heading.length + 2) : message;
    explanation = explanation.charAt(0).toUpperCase() + explanation.slice(1);
  } else {
    explanation = { malformed: paperShown.message?.[lang], 'no-file': t('paperNoFile'), error: t('paperUnreadable') }[kind];
  }
  box.replaceChildren(element('h3', {}, heading), element('p', {}, explanation),
    element('p', { class: 'file-name' }, t('paperReference')(paperText)),
    ...(transcript ? [element('p', { class: 'file-name' }, t('file')(transcript.name))] : []));
}

/** A reference read from a QR code or typed: shown in the text field, and checked. */
function useReference(text, source, name) {
  paperText = text.trim();
  $('qr-text').value = paperText;
  qrStatus = { key: 'read', source, argument: name };
  checkCopy();
}

/** The largest image file opened for its QR code; larger pictures are scaled down to
 *  `maxQrPixels()` before the library reads them. */
const MAX_IMAGE_BYTES = 25 << 20;

/** The browser's own QR reader where it has one (`BarcodeDetector`), else null. */
let detector;
async function barcodeDetector() {
  if (detector !== undefined) return detector;
  detector = null;
  if ('BarcodeDetector' in globalThis) {
    try {
      if ((await BarcodeDetector.getSupportedFormats()).includes('qr_code')) detector = new BarcodeDetector({ formats: ['qr_code'] });
    } catch {
      // Present but unusable (no platform support): the library's reader does the work.
    }
  }
  return detector;
}

/** The texts of the QR codes in `source` (an ImageBitmap, or the camera's video element), of
 *  `width` × `height` pixels: the browser's reader first, else the library's (rqrr, in the WASM
 *  module) on the picture's greyscale pixels, scaled down to at most `maxQrPixels()`. */
async function qrTexts(source, width, height) {
  const native = await barcodeDetector();
  if (native) {
    try {
      const codes = await native.detect(source);
      $('paper').dataset.decoder = 'barcode-detector';
      if (codes.length > 0) return codes.map((c) => c.rawValue);
    } catch {
      // The library's reader below.
    }
  }
  $('paper').dataset.decoder = 'hocba';
  const scale = Math.min(1, Math.sqrt(maxQrPixels() / (width * height)));
  const w = Math.max(1, Math.floor(width * scale));
  const h = Math.max(1, Math.floor(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.fillStyle = '#fff'; // a transparent picture reads as white paper, not black
  context.fillRect(0, 0, w, h);
  context.drawImage(source, 0, 0, w, h);
  const { data } = context.getImageData(0, 0, w, h);
  const luma = new Uint8Array(w * h);
  for (let i = 0; i < luma.length; i++) luma[i] = (data[4 * i] * 77 + data[4 * i + 1] * 150 + data[4 * i + 2] * 29) >> 8;
  return decodeQr(luma, w, h);
}

/** A paper copy's reference among the texts read (other QR codes may share the picture). */
const referenceOf = (texts) => texts.find((text) => text.startsWith('HOCBA1:')) ?? texts[0];

async function readQrImage(file) {
  paperShown = null;
  if (file.size > MAX_IMAGE_BYTES) {
    qrStatus = { key: 'tooBig', argument: MAX_IMAGE_BYTES >> 20 };
    renderPaper();
    return;
  }
  qrStatus = { key: 'reading' };
  renderPaper();
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    qrStatus = { key: 'badImage' };
    renderPaper();
    return;
  }
  const text = referenceOf(await qrTexts(bitmap, bitmap.width, bitmap.height));
  bitmap.close();
  if (text === undefined) {
    qrStatus = { key: 'noCode' };
    renderPaper();
    return;
  }
  useReference(text, 'image', file.name);
}

/** The camera: on while scanning, every track stopped as soon as a code is read or on request. */
let camera = null;
let scanTimer = null;
async function startCamera() {
  stopCamera();
  paperShown = null;
  try {
    camera = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    // No camera, permission refused, or no mediaDevices (a page not served securely).
    qrStatus = { key: 'noCamera' };
    renderPaper();
    return;
  }
  const video = $('camera-video');
  video.srcObject = camera;
  $('camera').hidden = false;
  qrStatus = { key: 'scanning' };
  renderPaper();
  await video.play();
  scanFrame();
}

function stopCamera() {
  clearTimeout(scanTimer);
  if (camera) for (const track of camera.getTracks()) track.stop();
  camera = null;
  $('camera-video').srcObject = null;
  $('camera').hidden = true;
}

/** Reads one frame; again a quarter of a second later until a code is found or the camera stops. */
async function scanFrame() {
  const video = $('camera-video');
  if (!camera) return;
  const texts = video.videoWidth > 0 ? await qrTexts(video, video.videoWidth, video.videoHeight) : [];
  if (!camera) return;
  const text = referenceOf(texts);
  if (text !== undefined) {
    stopCamera();
    useReference(text, 'camera');
    return;
  }
  scanTimer = setTimeout(scanFrame, 250);
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
  roots = governmentRoots();
  labels = codeLabels();
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
    for (const file of event.target.files) anchors.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    event.target.value = '';
    renderStatic();
    check();
  });
  $('revocation-files').addEventListener('change', async (event) => {
    for (const file of event.target.files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      revocationFiles.push({ name: file.name, bytes, kind: revocationKind(bytes) });
    }
    event.target.value = '';
    renderStatic();
    check();
  });
  $('revocation-policy').addEventListener('change', check);
  const addFiles = (list) => async (event) => {
    for (const file of event.target.files) list.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    event.target.value = '';
    renderStatic();
    check();
  };
  $('approval-files').addEventListener('change', addFiles(approvalFiles));
  $('authority-files').addEventListener('change', addFiles(authorities));
  // A fingerprint as certificate viewers show it: 64 hex digits, pairs perhaps split by ':' or spaces.
  const addFingerprint = () => {
    const typed = $('authority-fingerprint').value.trim();
    const digits = typed.replace(/[:\s]/g, '').toLowerCase();
    const error = $('fingerprint-error');
    if (!/^[0-9a-f]{64}$/.test(digits)) {
      error.textContent = t('fingerprintInvalid');
      error.hidden = false;
      return;
    }
    error.hidden = true;
    $('authority-fingerprint').value = '';
    const fingerprint = digits.match(/../g).join(':');
    if (!authorities.some((a) => a.fingerprint === fingerprint)) authorities.push({ fingerprint });
    renderStatic();
    check();
  };
  $('add-fingerprint').addEventListener('click', addFingerprint);
  $('authority-fingerprint').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addFingerprint();
    }
  });
  $('approval-policy').addEventListener('change', check);
  $('online-approvals').addEventListener('change', () => {
    if (!$('online-approvals').checked) {
      listConsent.abort();
      listConsent = new AbortController();
    }
    check();
  });
  $('online-revocation').addEventListener('change', () => {
    if (!$('online-revocation').checked) {
      consent.abort();
      consent = new AbortController();
    }
    check();
  });
  $('scan-qr').addEventListener('click', startCamera);
  $('stop-camera').addEventListener('click', () => {
    stopCamera();
    qrStatus = null;
    renderPaper();
  });
  $('qr-image').addEventListener('change', (event) => {
    const [file] = event.target.files;
    if (file) readQrImage(file);
    event.target.value = '';
  });
  const typedReference = () => {
    const typed = $('qr-text').value.trim();
    if (typed) useReference(typed, 'typed');
  };
  $('check-qr-text').addEventListener('click', typedReference);
  $('qr-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      typedReference();
    }
  });
  // A file dropped on the page is the transcript, an image dropped on section 5 a paper copy's QR
  // code; the browser must not open it instead.
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
    if (file?.type.startsWith('image/') && event.target.closest?.('#paper')) readQrImage(file);
    else if (file) readTranscript(file);
  });
  renderStatic();
  document.body.dataset.ready = 'true';
}

main();
