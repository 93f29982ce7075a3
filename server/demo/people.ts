/** Plausible Vietnamese names, positions and units for demo participants. */
import { pick, type Rng } from './prng';

const ho = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Lương', 'Tạ'];
const demMale = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Đình', 'Xuân', 'Thanh', 'Quốc', 'Mạnh', 'Trọng', 'Tiến', 'Anh'];
const demFemale = ['Thị', 'Ngọc', 'Thu', 'Hồng', 'Thanh', 'Minh', 'Phương', 'Kim', 'Bích', 'Diệu', 'Thúy'];
const tenMale = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Long', 'Lộc', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Thành', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ'];
const tenFemale = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phượng', 'Quỳnh', 'Thảo', 'Thủy', 'Trang', 'Vân', 'Yến'];

export function vietnameseName(rng: Rng): string {
  const female = rng() < 0.35;
  return `${pick(rng, ho)} ${pick(rng, female ? demFemale : demMale)} ${pick(rng, female ? tenFemale : tenMale)}`;
}

export const ministries = [
  'Bộ Tài chính',
  'Bộ Ngoại giao',
  'Bộ Quốc phòng',
  'Bộ Công an',
  'Bộ Nội vụ',
  'Bộ Tư pháp',
  'Bộ Công Thương',
  'Bộ Nông nghiệp và Môi trường',
  'Bộ Xây dựng',
  'Bộ Khoa học và Công nghệ',
  'Bộ Giáo dục và Đào tạo',
  'Bộ Y tế',
  'Bộ Văn hóa, Thể thao và Du lịch',
  'Bộ Dân tộc và Tôn giáo',
  'Ngân hàng Nhà nước Việt Nam',
  'Thanh tra Chính phủ',
  'Văn phòng Chính phủ',
] as const;

export const provinces = [
  'Hà Nội', 'TP. Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế', 'Quảng Ninh', 'Lạng Sơn', 'Cao Bằng', 'Lào Cai',
  'Tuyên Quang', 'Thái Nguyên', 'Phú Thọ', 'Bắc Ninh', 'Hưng Yên', 'Ninh Bình', 'Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Trị',
  'Quảng Ngãi', 'Gia Lai', 'Khánh Hòa', 'Đắk Lắk', 'Lâm Đồng', 'Đồng Nai', 'Tây Ninh', 'Vĩnh Long', 'Đồng Tháp', 'An Giang',
  'Cà Mau', 'Điện Biên', 'Lai Châu', 'Sơn La',
] as const;

const provinceUnit = (p: string) => (p.startsWith('TP.') || ['Hà Nội', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế'].includes(p) ? `UBND ${p.startsWith('TP.') ? p : `thành phố ${p}`}` : `UBND tỉnh ${p}`);

export interface Person {
  name: string;
  position: string;
  unit: string;
}

/**
 * The first delegates are the ministers and provincial chairs a cabinet meeting has; the
 * rest (large demos) are deputies and department heads spread over the same units.
 */
export function delegatePerson(rng: Rng, i: number): Person {
  const name = vietnameseName(rng);
  if (i < ministries.length) {
    const unit = ministries[i]!;
    const head = unit.startsWith('Ngân hàng') ? 'Thống đốc' : unit.startsWith('Thanh tra') ? 'Tổng Thanh tra' : unit.startsWith('Văn phòng') ? 'Bộ trưởng, Chủ nhiệm' : 'Bộ trưởng';
    return { name, position: `${head} ${unit}`, unit };
  }
  const j = i - ministries.length;
  if (j < provinces.length) {
    const unit = provinceUnit(provinces[j]!);
    return { name, position: `Chủ tịch ${unit}`, unit };
  }
  if (rng() < 0.4) {
    const unit = pick(rng, ministries);
    return { name, position: `${pick(rng, ['Thứ trưởng', 'Vụ trưởng', 'Cục trưởng', 'Phó Vụ trưởng', 'Chánh Văn phòng'])} ${unit}`, unit };
  }
  const unit = provinceUnit(pick(rng, provinces));
  const roles = ['Phó Chủ tịch', 'Giám đốc Sở Tài chính,', 'Giám đốc Sở Xây dựng,', 'Giám đốc Sở Nội vụ,', 'Chánh Văn phòng', 'Giám đốc Sở Y tế,'];
  return { name, position: `${pick(rng, roles)} ${unit}`, unit };
}

/** Site names: one main hall, then a bridge per province, then numbered extra bridges. */
export function siteNames(count: number): { name: string; kind: 'main' | 'bridge' }[] {
  const out: { name: string; kind: 'main' | 'bridge' }[] = [{ name: 'Hội trường Diên Hồng', kind: 'main' }];
  for (let i = 0; out.length < count; i++) {
    const p = provinces[(i + 1) % provinces.length]!;
    const round = Math.floor(i / provinces.length);
    const city = p.startsWith('TP.') || ['Hà Nội', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế'].includes(p);
    const base = `Điểm cầu ${city ? p : `tỉnh ${p}`}`;
    out.push({ name: round === 0 ? base : `${base} – điểm ${round + 1}`, kind: 'bridge' });
  }
  return out;
}
