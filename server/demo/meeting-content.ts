/** The demo meeting: a regular government session, its agenda and its documents. */
export interface DemoAgendaItem {
  key: string;
  title: string;
  durationMin: number;
  presenter: string | null;
  children?: DemoAgendaItem[];
}

export const demoAgenda: DemoAgendaItem[] = [
  { key: 'khai-mac', title: 'Khai mạc phiên họp', durationMin: 10, presenter: 'Thủ tướng Chính phủ' },
  { key: 'kt-xh', title: 'Báo cáo tình hình kinh tế – xã hội tháng 10 và 10 tháng năm 2026', durationMin: 60, presenter: 'Bộ trưởng Bộ Tài chính', children: [
    { key: 'kt-xh-sx', title: 'Tình hình sản xuất, kinh doanh và thị trường', durationMin: 20, presenter: 'Bộ trưởng Bộ Công Thương' },
    { key: 'kt-xh-dtc', title: 'Tình hình giải ngân vốn đầu tư công', durationMin: 20, presenter: 'Bộ trưởng Bộ Tài chính' },
    { key: 'kt-xh-tl', title: 'Thảo luận', durationMin: 20, presenter: null },
  ] },
  { key: 'nq-cao-toc', title: 'Dự thảo Nghị quyết về phát triển mạng lưới Đường bộ cao tốc giai đoạn 2026–2030', durationMin: 45, presenter: 'Bộ trưởng Bộ Xây dựng', children: [
    { key: 'nq-cao-toc-tt', title: 'Tờ trình và dự thảo Nghị quyết', durationMin: 15, presenter: 'Bộ trưởng Bộ Xây dựng' },
    { key: 'nq-cao-toc-td', title: 'Báo cáo thẩm định', durationMin: 10, presenter: 'Bộ trưởng Bộ Tư pháp' },
    { key: 'nq-cao-toc-tl', title: 'Thảo luận, cho ý kiến', durationMin: 20, presenter: null },
  ] },
  { key: 'nd-dat-dai', title: 'Dự thảo Nghị định quy định chi tiết thi hành Luật Đất đai (sửa đổi)', durationMin: 40, presenter: 'Bộ trưởng Bộ Nông nghiệp và Môi trường' },
  { key: 'cchc', title: 'Báo cáo công tác cải cách hành chính và chuyển đổi số quý III năm 2026', durationMin: 30, presenter: 'Bộ trưởng Bộ Nội vụ', children: [
    { key: 'cchc-tthc', title: 'Cắt giảm, đơn giản hóa thủ tục hành chính', durationMin: 15, presenter: 'Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ' },
    { key: 'cchc-cds', title: 'Chuyển đổi số và Đề án 06', durationMin: 15, presenter: 'Bộ trưởng Bộ Công an' },
  ] },
  { key: 'ntm', title: 'Tình hình thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới', durationMin: 30, presenter: 'Bộ trưởng Bộ Nông nghiệp và Môi trường' },
  { key: 'thien-tai', title: 'Công tác phòng, chống thiên tai, khắc phục hậu quả mưa lũ tại các tỉnh miền Trung', durationMin: 30, presenter: 'Bộ trưởng Bộ Nông nghiệp và Môi trường' },
  { key: 'tien-te', title: 'Điều hành chính sách tiền tệ những tháng cuối năm', durationMin: 20, presenter: 'Thống đốc Ngân hàng Nhà nước Việt Nam' },
  { key: 'khac', title: 'Các vấn đề khác', durationMin: 15, presenter: null },
  { key: 'ket-luan', title: 'Kết luận của Chủ tọa phiên họp', durationMin: 15, presenter: 'Thủ tướng Chính phủ' },
];

export interface DemoDocumentSpec {
  key: string;
  title: string;
  pages: number;
  issuer: string;
  number: string;
  agendaKey: string;
  confidentiality: 'public' | 'internal' | 'confidential';
}

// 472 pages in all: enough to feel real, still a few seconds to generate.
export const demoDocuments: DemoDocumentSpec[] = [
  { key: 'bc-ktxh', title: 'Báo cáo tình hình kinh tế – xã hội tháng 10 và 10 tháng năm 2026', pages: 64, issuer: 'CHÍNH PHỦ', number: 'Số: 612/BC-CP', agendaKey: 'kt-xh', confidentiality: 'internal' },
  { key: 'bc-dtc', title: 'Báo cáo tình hình giải ngân vốn đầu tư công năm 2026', pages: 24, issuer: 'BỘ TÀI CHÍNH', number: 'Số: 1487/BC-BTC', agendaKey: 'kt-xh-dtc', confidentiality: 'internal' },
  { key: 'nq-cao-toc', title: 'Dự thảo Nghị quyết về phát triển mạng lưới Đường bộ cao tốc giai đoạn 2026–2030', pages: 32, issuer: 'CHÍNH PHỦ', number: 'Số: /2026/NQ-CP', agendaKey: 'nq-cao-toc-tt', confidentiality: 'confidential' },
  { key: 'tt-cao-toc', title: 'Tờ trình về dự thảo Nghị quyết phát triển mạng lưới Đường bộ cao tốc', pages: 12, issuer: 'BỘ XÂY DỰNG', number: 'Số: 233/TTr-BXD', agendaKey: 'nq-cao-toc-tt', confidentiality: 'internal' },
  { key: 'nd-dat-dai', title: 'Dự thảo Nghị định quy định chi tiết thi hành Luật Đất đai', pages: 96, issuer: 'CHÍNH PHỦ', number: 'Số: /2026/NĐ-CP', agendaKey: 'nd-dat-dai', confidentiality: 'internal' },
  { key: 'bc-cchc', title: 'Báo cáo công tác cải cách hành chính và chuyển đổi số quý III năm 2026', pages: 48, issuer: 'BỘ NỘI VỤ', number: 'Số: 5120/BC-BNV', agendaKey: 'cchc', confidentiality: 'public' },
  { key: 'bc-ntm', title: 'Báo cáo tình hình thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới', pages: 180, issuer: 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG', number: 'Số: 877/BC-BNNMT', agendaKey: 'ntm', confidentiality: 'public' },
  { key: 'bc-thien-tai', title: 'Báo cáo nhanh công tác phòng, chống thiên tai tại các tỉnh miền Trung', pages: 16, issuer: 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG', number: 'Số: 902/BC-BNNMT', agendaKey: 'thien-tai', confidentiality: 'internal' },
];
