/**
 * Plausible Vietnamese administrative prose for demo documents: long enough to page
 * through, varied enough to search, and the same on every run.
 */
import { pick, type Rng } from './prng';

const subjects = [
  'Chính phủ',
  'Thủ tướng Chính phủ',
  'các bộ, cơ quan ngang bộ',
  'Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương',
  'Bộ Tài chính',
  'Bộ Xây dựng',
  'các địa phương',
  'các doanh nghiệp nhà nước',
  'Ngân hàng Nhà nước Việt Nam',
  'Văn phòng Chính phủ',
];
const verbs = [
  'tiếp tục chỉ đạo quyết liệt việc',
  'đã tập trung triển khai',
  'cần khẩn trương hoàn thiện',
  'chủ động phối hợp thực hiện',
  'tăng cường kiểm tra, giám sát việc',
  'đẩy mạnh',
  'nghiêm túc rà soát và báo cáo kết quả',
  'kiên quyết tháo gỡ khó khăn, vướng mắc trong',
];
const objects = [
  'giải ngân vốn đầu tư công',
  'thực hiện nghị quyết của Quốc hội về kế hoạch phát triển kinh tế – xã hội',
  'xây dựng tuyến Đường bộ cao tốc Bắc – Nam phía Đông',
  'cải cách thủ tục hành chính và chuyển đổi số quốc gia',
  'ổn định kinh tế vĩ mô, kiểm soát lạm phát',
  'bảo đảm an sinh xã hội và chăm lo đời sống Nhân dân',
  'phát triển hạ tầng giao thông chiến lược',
  'quản lý, sử dụng đất đai hiệu quả, tiết kiệm',
  'phòng, chống thiên tai và ứng phó với biến đổi khí hậu',
  'xây dựng nông thôn mới và giảm nghèo bền vững',
  'thu hút đầu tư trực tiếp nước ngoài có chọn lọc',
  'phát triển nguồn nhân lực chất lượng cao',
];
const tails = [
  'theo đúng tiến độ đã đề ra',
  'bảo đảm công khai, minh bạch và hiệu quả',
  'trong quý IV năm 2026',
  'theo chức năng, nhiệm vụ được giao',
  'gắn với trách nhiệm của người đứng đầu',
  'không để xảy ra tình trạng chậm trễ, đùn đẩy trách nhiệm',
  'phù hợp với quy định của pháp luật hiện hành',
  'và báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 12',
];
const openers = [
  'Trong 10 tháng năm 2026,',
  'Bên cạnh những kết quả đạt được,',
  'Thực hiện nghị quyết của Chính phủ,',
  'Theo báo cáo của các bộ, ngành,',
  'Để hoàn thành các mục tiêu của năm 2026,',
  'Tuy nhiên,',
  'Đồng thời,',
  '',
];
const figures = [
  (r: Rng) => `tổng vốn đầu tư công đã giải ngân đạt ${(400 + Math.floor(r() * 300)).toLocaleString('vi-VN')} nghìn tỷ đồng, bằng ${(55 + Math.floor(r() * 30))}% kế hoạch`,
  (r: Rng) => `tốc độ tăng trưởng GDP ước đạt ${(6 + r() * 2).toFixed(2).replace('.', ',')}%`,
  (r: Rng) => `chỉ số giá tiêu dùng bình quân tăng ${(2 + r() * 2).toFixed(2).replace('.', ',')}% so với cùng kỳ`,
  (r: Rng) => `đã đưa vào khai thác thêm ${(100 + Math.floor(r() * 400))} km Đường bộ cao tốc`,
  (r: Rng) => `kim ngạch xuất khẩu đạt ${(300 + Math.floor(r() * 150))} tỷ USD`,
  (r: Rng) => `${(1000 + Math.floor(r() * 2000))} thủ tục hành chính đã được cắt giảm, đơn giản hóa`,
];

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

export function sentence(rng: Rng): string {
  if (rng() < 0.25) {
    const opener = pick(rng, openers);
    const body = pick(rng, figures)(rng);
    return capitalize(`${opener ? opener + ' ' : ''}${body}.`);
  }
  const opener = pick(rng, openers);
  const core = `${pick(rng, subjects)} ${pick(rng, verbs)} ${pick(rng, objects)}, ${pick(rng, tails)}.`;
  return capitalize(opener ? `${opener} ${core}` : core);
}

export function paragraph(rng: Rng): string {
  const n = 3 + Math.floor(rng() * 4);
  return Array.from({ length: n }, () => sentence(rng)).join(' ');
}

export const sectionTitles = [
  'ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN',
  'NHỮNG KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC',
  'TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN',
  'NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI',
  'TỔ CHỨC THỰC HIỆN',
  'KIẾN NGHỊ, ĐỀ XUẤT',
];

export const romans = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
