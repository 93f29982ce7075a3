export declare const serverWorkers: { in: string; out: string }[];
export declare const coreWorkers: { in: string; out: string }[];
