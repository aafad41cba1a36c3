// Tiếng Việt — messages of accounts (issue 12 §2): reset codes, the authenticator's QR code,
// roles edited by administrators. Registered by the sign-in screen (first bundle). The reference for en and fr.
export const vi = {
  'accounts.haveCode': 'Tôi có mã đặt lại mật khẩu',
  'accounts.codeTitle': 'Đăng nhập bằng mã đặt lại',
  'accounts.codeHelp':
    'Quản trị viên đã cấp cho bạn một mã dùng một lần. Nhập email và mã; sau đó bạn sẽ đặt mật khẩu mới.',
  'accounts.code': 'Mã đặt lại',
  'accounts.codeHint': '16 chữ cái và chữ số, ví dụ 7K2M-QX9D-4RTF-HB6W',
  'accounts.codeSubmit': 'Tiếp tục',
  'accounts.codeWrong':
    'Email hoặc mã không đúng, hoặc mã đã hết hạn hay đã được dùng. Hãy đề nghị quản trị viên cấp mã mới.',
  'accounts.backToSignIn': 'Quay lại đăng nhập',
  'accounts.resetPasswordHelp': 'Hãy đặt mật khẩu mới. Các phiên đăng nhập khác của bạn đã được kết thúc.',
  'accounts.qrAlt': 'Mã QR để quét bằng ứng dụng xác thực',
  'accounts.qrHelp':
    'Quét mã này bằng ứng dụng xác thực (ví dụ Google Authenticator, Microsoft Authenticator, FreeOTP), hoặc nhập khóa bên dưới.',
  'accounts.lastSignIn': 'Đăng nhập gần nhất',
  'accounts.never': 'chưa bao giờ',
  'accounts.actions': 'Thao tác',
  'accounts.resetPassword': 'Đặt lại mật khẩu',
  'accounts.resetIssued': 'Mã đặt lại dùng một lần cho {email}',
  'accounts.resetIssuedHint':
    'Hãy trao mã cho người dùng trực tiếp hoặc qua điện thoại — mã chỉ hiển thị lúc này. Mã dùng được một lần, đến {time}. Người dùng chọn “Tôi có mã đặt lại mật khẩu” ở trang đăng nhập, hoặc mở đường dẫn này:',
  'accounts.editRoles': 'Sửa vai trò',
  'accounts.rolesOf': 'Vai trò của {email}',
  'accounts.rolesHint': 'Chỉ hiện các vai trò bạn được phép cấp.',
  'accounts.saveRoles': 'Lưu vai trò',
  'accounts.rolesSaved':
    'Đã lưu vai trò của {email}. Các phiên của người này đã kết thúc: họ đăng nhập lại với vai trò mới.',
  'accounts.secondFactor': 'Ứng dụng xác thực (yếu tố thứ hai)',
  'accounts.totpOn': 'Tài khoản của bạn đã có ứng dụng xác thực.',
  'accounts.totpOff': 'Chưa có ứng dụng xác thực. Thêm ứng dụng này giúp bảo vệ tài khoản ngay cả khi mật khẩu bị lộ.',
  'accounts.totpStart': 'Thiết lập ứng dụng xác thực',
  'accounts.totpDone': 'Đã thiết lập ứng dụng xác thực: mỗi lần đăng nhập sẽ cần nhập mã.',
};

export type AccountsKey = keyof typeof vi;
